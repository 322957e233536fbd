/** RFC 6902 JSON Patch (`application/json-patch+json`: `kubectl patch --type=json`, `rollout undo`). */
import { ApiError } from '../errors.js';

type Json = unknown;

function fail(message: string): never {
  throw new ApiError(422, 'Invalid', message);
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    fail(`the server rejected our request due to an error in our request: invalid JSON pointer ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function container(doc: Json, path: string[], op: string): { parent: Record<string, Json> | Json[]; key: string } {
  let cur = doc;
  for (const part of path.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(part)];
    else if (cur && typeof cur === 'object') cur = (cur as Record<string, Json>)[part];
    else cur = undefined;
    if (cur === undefined) fail(`${op} operation does not apply: doc is missing path: /${path.join('/')}`);
  }
  if (!cur || typeof cur !== 'object') fail(`${op} operation does not apply: doc is missing path: /${path.join('/')}`);
  return { parent: cur as Record<string, Json> | Json[], key: path[path.length - 1]! };
}

function getAt(doc: Json, path: string[]): Json {
  let cur = doc;
  for (const part of path) {
    if (Array.isArray(cur)) cur = cur[Number(part)];
    else if (cur && typeof cur === 'object') cur = (cur as Record<string, Json>)[part];
    else return undefined;
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
  else parent[key] = value;
  return doc;
}

function remove(doc: Json, path: string[], op = 'remove'): Json {
  const { parent, key } = container(doc, path, op);
  if (Array.isArray(parent)) parent.splice(index(parent, key, false, op), 1);
  else {
    if (!(key in parent)) fail(`${op} operation does not apply: doc is missing key: /${path.join('/')}`);
    delete parent[key];
  }
  return doc;
}

export function applyJsonPatch(doc: Json, patch: Json): Json {
  if (!Array.isArray(patch))
    throw new ApiError(400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let out = structuredClone(doc);
  for (const raw of patch) {
    const op = (raw ?? {}) as { op?: string; path?: string; from?: string; value?: Json };
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
          fail(`replace operation does not apply: doc is missing key: ${op.path}`);
        out = path.length
          ? add(remove(out, path, 'replace'), path, structuredClone(op.value))
          : structuredClone(op.value);
        break;
      case 'move': {
        const from = parsePointer(op.from ?? '');
        const value = getAt(out, from);
        if (value === undefined) fail(`move operation does not apply: doc is missing from path: ${op.from}`);
        out = add(remove(out, from, 'move'), path, value);
        break;
      }
      case 'copy': {
        const value = getAt(out, parsePointer(op.from ?? ''));
        if (value === undefined) fail(`copy operation does not apply: doc is missing from path: ${op.from}`);
        out = add(out, path, structuredClone(value));
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(out, path)) !== JSON.stringify(op.value))
          fail(`testing value ${op.path} failed: test failed`);
        break;
      default:
        fail(`Unexpected kind: ${String(op.op)}`);
    }
  }
  return out;
}
