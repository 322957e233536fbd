/** RFC 7386 JSON Merge Patch (`application/merge-patch+json`: `kubectl label`, `annotate`, `scale`). */
import { getOwn, setOwn } from '../../store/index.js';

/** Keys are plain data (see own-keys.ts): a `__proto__` key in the patch is a field like any other. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return structuredClone(patch);
  const base: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete base[key];
    else setOwn(base, key, applyMergePatch(getOwn(base, key), value));
  }
  return base;
}
