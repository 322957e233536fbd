/** `generateName` suffixes: five characters from upstream's alphabet without vowels (no accidental words). */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(random: () => number, length = 5): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return s;
}

/** upstream SimpleNameGenerator: base truncated to 58 characters + suffix. */
export function generateName(base: string, random: () => number): string {
  return base.slice(0, 58) + randomSuffix(random);
}
