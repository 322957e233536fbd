import { safeEncode } from '../objects/generated-names.js';

/**
 * The pod-template-hash label value: FNV-32a over the pod template (plus the collision count, little-endian, when
 * set), printed in decimal and rendered through the safe alphabet, as upstream ComputeHash does. Upstream feeds FNV
 * with a Go-syntax dump of the typed struct; we feed it canonical JSON (keys sorted), so values differ from a real
 * cluster's for the same template but have the same shape (e.g. `66b6c48dd5`) and the same stability: equal templates
 * give equal hashes, and any change to the template gives a new one.
 */
export function podTemplateHash(template: unknown, collisionCount?: number): string {
  let hash = fnv32aInit();
  hash = fnv32aUpdate(hash, new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32aUpdate(hash, bytes);
  }
  return safeEncode(String(hash >>> 0));
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function fnv32aInit(): number {
  return FNV_OFFSET;
}

export function fnv32aUpdate(hash: number, bytes: Uint8Array): number {
  let h = hash;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

/** JSON with object keys sorted at every level, so key order in the user's YAML does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
