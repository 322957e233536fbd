/**
 * Reading and writing keys that come from API clients (JSON patch paths, merge patch keys, map fields such as a
 * ConfigMap's data) as plain data. A JavaScript object treats some names specially: `obj['__proto__'] = v` replaces
 * the object's prototype instead of adding a key, and `obj['constructor']` or `obj['__proto__']` read inherited
 * values that are not part of the JSON. Code that walks or builds objects by client-chosen keys goes through these
 * helpers, so such a key is an ordinary field, as it is for the Go API server: it can never reach
 * `Object.prototype` (shared by every object in the worker) or give one object invisible inherited fields.
 */
import type { JsonObject } from '../objects/index.js';

/** True when `key` is the object's own field (inherited members such as `constructor` never count). */
export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** The object's own field `key`, or undefined (never an inherited member). */
export function getOwn(obj: object, key: string): unknown {
  return hasOwn(obj, key) ? (obj as JsonObject)[key] : undefined;
}

/** Set the object's own field `key`; for `__proto__` that defines a data field instead of changing the prototype. */
export function setOwn(obj: object, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    (obj as JsonObject)[key] = value;
  }
}
