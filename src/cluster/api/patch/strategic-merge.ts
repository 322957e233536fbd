/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), the patch `kubectl apply`, `edit`, `set image`
 * and `rollout restart` send. Implements apimachinery's semantics for what those clients emit: merge lists by their
 * patchMergeKey, `null` deletes, `$patch: replace|delete|merge`, `$retainKeys`, `$setElementOrder/<list>` and
 * `$deleteFromPrimitiveList/<list>`.
 */
import { getOwn, setOwn } from '../../store/index.js';
import { ApiError } from '../errors.js';
import { listStrategy } from './merge-keys.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

export function applyStrategicMergePatch(original: unknown, patch: unknown): unknown {
  if (!isObj(patch))
    throw new ApiError(400, 'BadRequest', 'json: cannot unmarshal array into Go value of type map[string]interface {}');
  const kind = isObj(original) ? (original.kind as string | undefined) : undefined;
  return mergeMap(isObj(original) ? original : {}, patch, [], kind);
}

function mergeMap(original: Obj, patch: Obj, path: string[], kind: string | undefined): Obj | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return stripDirectives(rest) as Obj;
  }
  let result: Obj = { ...original };
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    const keep = new Set(retain.map(String));
    for (const k of Object.keys(result)) if (!keep.has(k)) delete result[k];
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith(SET_ORDER) || key.startsWith(DELETE_PRIMITIVE))
      continue;
    if (value === null) {
      delete result[key];
      continue;
    }
    const current = getOwn(result, key);
    if (Array.isArray(value)) {
      const strategy = listStrategy(key, path, kind);
      const merged =
        strategy.kind === 'merge'
          ? mergeList(Array.isArray(current) ? current : [], value, strategy.key, [...path, key], kind)
          : strategy.kind === 'primitive-merge'
            ? [...new Set([...(Array.isArray(current) ? current : []), ...value])]
            : stripDirectives(value);
      setOwn(result, key, merged);
    } else if (isObj(value)) {
      const merged = mergeMap(isObj(current) ? current : {}, value, [...path, key], kind);
      if (merged === undefined) delete result[key];
      else setOwn(result, key, merged);
    } else {
      setOwn(result, key, value);
    }
  }
  // Primitive deletions and element order apply after the merge.
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_PRIMITIVE) && Array.isArray(value)) {
      const field = key.slice(DELETE_PRIMITIVE.length);
      const drop = new Set(value.map((v) => JSON.stringify(v)));
      const list = getOwn(result, field);
      if (Array.isArray(list))
        setOwn(
          result,
          field,
          list.filter((v) => !drop.has(JSON.stringify(v))),
        );
    }
  }
  for (const [key, value] of Object.entries(patch)) {
    if (!key.startsWith(SET_ORDER) || !Array.isArray(value)) continue;
    const field = key.slice(SET_ORDER.length);
    const list = getOwn(result, field);
    if (!Array.isArray(list)) continue;
    const strategy = listStrategy(field, path, kind);
    setOwn(result, field, reorder(list, value, strategy.kind === 'merge' ? strategy.key : undefined));
  }
  if (Object.keys(result).length === 0 && Object.keys(original).length === 0 && path.length > 0) result = {};
  return result;
}

function mergeList(
  original: unknown[],
  patch: unknown[],
  key: string,
  path: string[],
  kind: string | undefined,
): unknown[] {
  // `{$patch: replace}` as an element: the rest of the patch list replaces the original.
  if (patch.some((p) => isObj(p) && p.$patch === 'replace' && Object.keys(p).length === 1)) {
    return stripDirectives(patch.filter((p) => !(isObj(p) && p.$patch === 'replace'))) as unknown[];
  }
  const result = original.map((o) => o);
  for (const item of patch) {
    if (!isObj(item)) {
      if (!result.some((r) => JSON.stringify(r) === JSON.stringify(item))) result.push(item);
      continue;
    }
    const keyValue = item[key];
    const at = result.findIndex((r) => isObj(r) && keyValue !== undefined && r[key] === keyValue);
    if (item.$patch === 'delete') {
      if (at >= 0) result.splice(at, 1);
      continue;
    }
    if (at >= 0) {
      const merged = mergeMap(result[at] as Obj, item, path, kind);
      if (merged === undefined) result.splice(at, 1);
      else result[at] = merged;
    } else {
      result.push(mergeMap({}, item, path, kind));
    }
  }
  return result;
}

/** `$setElementOrder`: listed elements in the given order, the rest (server-side additions) after them. */
function reorder(list: unknown[], order: unknown[], key: string | undefined): unknown[] {
  const id = (v: unknown): string => JSON.stringify(key && isObj(v) ? v[key] : v);
  const rank = new Map(order.map((o, i) => [id(o), i]));
  const listed = list.filter((v) => rank.has(id(v))).sort((a, b) => rank.get(id(a))! - rank.get(id(b))!);
  const rest = list.filter((v) => !rank.has(id(v)));
  return [...listed, ...rest];
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObj(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith(SET_ORDER) || k.startsWith(DELETE_PRIMITIVE)) continue;
    if (v === null) continue;
    setOwn(out, k, stripDirectives(v));
  }
  return out;
}
