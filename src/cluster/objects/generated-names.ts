/**
 * Upstream's name alphabet (k8s.io/apimachinery/pkg/util/rand): no vowels and no look-alike characters, so generated
 * names never spell words and read unambiguously. Pod suffixes and pod-template hashes both use it, which is why real
 * names look like `nginx-deployment-66b6c48dd5-4jw2p`.
 */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `length` random characters from the safe alphabet (upstream rand.String). */
export function randomSuffix(length = 5, random: () => number = Math.random): string {
  let out = '';
  for (let i = 0; i < length; i++) out += SAFE_ALPHABET[Math.floor(random() * SAFE_ALPHABET.length)];
  return out;
}

/** Map each character code onto the alphabet (upstream rand.SafeEncodeString), used to render hashes. */
export function safeEncode(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) out += SAFE_ALPHABET[value.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** Longest prefix a generated name may keep: 63 characters minus the 5-character suffix (upstream names.go). */
const MAX_GENERATED_PREFIX = 58;

/**
 * What the API server does with metadata.generateName: truncate the prefix, append 5 random characters. The
 * controllers call it too, to know a pod's name before its watch event arrives.
 */
export function generateName(prefix: string, random?: () => number): string {
  return prefix.slice(0, MAX_GENERATED_PREFIX) + randomSuffix(5, random);
}
