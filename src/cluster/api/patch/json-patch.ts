/** RFC 6902 JSON Patch (`application/json-patch+json`: `kubectl patch --type=json`, `rollout undo`). */
import { getOwn, hasOwn, setOwn } from '../../store/index.js';
import { ApiError } from '../errors.js';

type Json = unknown;

/** kube-apiserver refuses longer JSON patches (413), so one request cannot queue unbounded work. */
export const MAX_JSON_PATCH_OPERATIONS = 10_000;

/**
 * How many bytes `copy` operations may add in one patch: each copy can double the document, so 40 of them would
 * need terabytes. The JSON patch library Kubernetes uses has the same kind of limit (AccumulatedCopySizeLimit).
 */
export const MAX_COPIED_BYTES = 3 * 1024 * 1024;

function fail(message: string): never {
  throw new ApiError(422, 'Invalid', message);
}

function parsePointer(pointer: unknown): string[] {
  if (pointer === undefined || pointer === '') return [];
  if (typeof pointer !== 'string')
    fail(`the server rejected our request due to an error in our request: invalid JSON pointer ${String(pointer)}`);
  if (!pointer.startsWith('/'))
    fail(`the server rejected our request due to an error in our request: invalid JSON pointer ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The member `part` of `cur`: an array element by index, or an object's own field (never an inherited one). */
function child(cur: Json, part: string): Json {
  if (Array.isArray(cur)) return /^\d+$/.test(part) ? cur[Number(part)] : undefined;
  if (cur && typeof cur === 'object') return getOwn(cur, part);
  return undefined;
}

function container(doc: Json, path: string[], op: string): { parent: Record<string, Json> | Json[]; key: string } {
  if (path.length === 0) fail(`${op} operation does not apply: doc is missing path: `);
  let cur = doc;
  for (const part of path.slice(0, -1)) {
    cur = child(cur, part);
    if (cur === undefined) fail(`${op} operation does not apply: doc is missing path: /${path.join('/')}`);
  }
  if (!cur || typeof cur !== 'object') fail(`${op} operation does not apply: doc is missing path: /${path.join('/')}`);
  return { parent: cur as Record<string, Json> | Json[], key: path[path.length - 1]! };
}

function getAt(doc: Json, path: string[]): Json {
  let cur = doc;
  for (const part of path) {
    cur = child(cur, part);
    if (cur === undefined) return undefined;
  }
  return cur;
}

function index(arr: Json[], key: string, allowEnd: boolean, op: string): number {
  if (key === '-' && allowEnd) return arr.length;
  const i = Number(key);
  if (!/^\d+$/.test(key) || i > arr.length || (!allowEnd && i >= arr.length))
    fail(`${op} operation does not apply: index out of range: ${key}`);
  return i;
}

function add(doc: Json, path: string[], value: Json): Json {
  if (path.length === 0) return value;
  const { parent, key } = container(doc, path, 'add');
  if (Array.isArray(parent)) parent.splice(index(parent, key, true, 'add'), 0, value);
  else setOwn(parent, key, value);
  return doc;
}

function remove(doc: Json, path: string[], op = 'remove'): Json {
  const { parent, key } = container(doc, path, op);
  if (Array.isArray(parent)) parent.splice(index(parent, key, false, op), 1);
  else {
    if (!hasOwn(parent, key)) fail(`${op} operation does not apply: doc is missing key: /${path.join('/')}`);
    delete parent[key];
  }
  return doc;
}

export function applyJsonPatch(doc: Json, patch: Json): Json {
  if (!Array.isArray(patch))
    throw new ApiError(400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  if (patch.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new ApiError(
      413,
      'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`,
    );
  }
  let copied = 0;
  let out = structuredClone(doc);
  for (const raw of patch) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
      throw new ApiError(400, 'BadRequest', 'json: cannot unmarshal array into Go value of type jsonpatch.Operation');
    const op = raw as { op?: unknown; path?: unknown; from?: unknown; value?: Json };
    const path = parsePointer(op.path ?? '');
    switch (op.op) {
      case 'add':
        out = add(out, path, structuredClone(op.value));
        break;
      case 'remove':
        out = remove(out, path);
        break;
      case 'replace':
        if (getAt(out, path) === undefined && path.length)
          fail(`replace operation does not apply: doc is missing key: ${String(op.path)}`);
        out = path.length
          ? add(remove(out, path, 'replace'), path, structuredClone(op.value))
          : structuredClone(op.value);
        break;
      case 'move': {
        const from = parsePointer(op.from ?? '');
        const value = getAt(out, from);
        if (value === undefined) fail(`move operation does not apply: doc is missing from path: ${String(op.from)}`);
        out = add(remove(out, from, 'move'), path, value);
        break;
      }
      case 'copy': {
        const value = getAt(out, parsePointer(op.from ?? ''));
        if (value === undefined) fail(`copy operation does not apply: doc is missing from path: ${String(op.from)}`);
        copied += JSON.stringify(value).length;
        if (copied > MAX_COPIED_BYTES) {
          fail(
            `Unable to complete the copy, the accumulated size increase of copy is ${copied}, exceeding the limit ${MAX_COPIED_BYTES}`,
          );
        }
        out = add(out, path, structuredClone(value));
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(out, path)) !== JSON.stringify(op.value))
          fail(`testing value ${String(op.path)} failed: test failed`);
        break;
      default:
        fail(`Unexpected kind: ${String(op.op)}`);
    }
  }
  return out;
}
