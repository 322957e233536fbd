/**
 * Decode a JSON body the way the API server's typed decoder does, using the served OpenAPI definitions: unknown
 * fields are dropped (1.20 has no strict field validation on the server), and a value of the wrong JSON type is a
 * 400 `cannot be handled as a <Kind>` error instead of reaching defaults and validation (where it would be a 500).
 */
import { getOwn, setOwn } from '../../store/index.js';
import { K8S_OPENAPI } from './schema.js';
import type { JsonObject } from '../../objects/index.js';

type Schema = JsonObject;
const isObj = (v: unknown): v is JsonObject => !!v && typeof v === 'object' && !Array.isArray(v);

export class DecodeError extends Error {}

const resolve = (s: Schema): Schema => {
  const ref = s.$ref;
  if (typeof ref === 'string') return K8S_OPENAPI.definitions[ref.replace('#/definitions/', '')] ?? {};
  return s;
};

function typeName(s: Schema, field: string): string {
  const ref = typeof s.$ref === 'string' ? s.$ref.split('.').slice(-2).join('.') : undefined;
  if (ref) return ref;
  if (s.type === 'array') return `[]${typeName((s.items as Schema | undefined) ?? {}, field)}`;
  if (s.type === 'integer') return s.format === 'int64' ? 'int64' : 'int32';
  if (s.type === 'object') return 'map[string]string';
  return String(s.type ?? 'interface {}');
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
}

function walk(value: unknown, schemaIn: Schema, path: string, owner: string): unknown {
  const schema = resolve(schemaIn);
  if (value === null) return null;
  const fail = (): never => {
    // Go names the number it could not store (`cannot unmarshal number 1e+300 into ... of type int32`).
    const what = typeof value === 'number' ? `number ${goNumber(value)}` : jsonKind(value);
    throw new DecodeError(
      `json: cannot unmarshal ${what} into Go struct field ${owner}.${path} of type ${typeName(schemaIn, path)}`,
    );
  };
  const format = schema.format;
  // int-or-string and quantities accept both JSON numbers and strings.
  if (
    format === 'int-or-string' ||
    (typeof schemaIn.$ref === 'string' && schemaIn.$ref.endsWith('api.resource.Quantity'))
  ) {
    if (typeof value !== 'string' && typeof value !== 'number') fail();
    return value;
  }
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') fail();
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value) || !fitsInteger(value, schema.format)) fail();
      return value;
    case 'number':
      if (typeof value !== 'number') fail();
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') fail();
      return value;
    case 'array': {
      if (!Array.isArray(value)) fail();
      const items = (schema.items as Schema | undefined) ?? {};
      return (value as unknown[]).map((v) => walk(v, items, path, owner));
    }
    case 'object':
    case undefined: {
      const props = schema.properties as Record<string, Schema> | undefined;
      const additional = schema.additionalProperties as Schema | undefined;
      if (!props && !additional) return value; // free-form (RawExtension, JSON, FieldsV1)
      if (!isObj(value)) fail();
      const out: JsonObject = {};
      const name = typeof schemaIn.$ref === 'string' ? schemaIn.$ref.split('.').pop()! : owner;
      const required = new Set((schema.required as string[] | undefined) ?? []);
      for (const [k, v] of Object.entries(value as JsonObject)) {
        if (v === undefined) continue; // in-process callers: absent, as JSON would have it
        // Own schema entries only: a field named `constructor` or `__proto__` is unknown, not Object's member.
        const field = props ? (getOwn(props, k) as Schema | undefined) : undefined;
        const sub = field ?? (additional && isObj(additional) ? additional : undefined);
        if (!sub) continue; // unknown field: dropped, as the real decoder does
        const decoded = walk(v, sub, field ? (path ? `${path}.${k}` : k) : path, field && !path ? name : owner);
        if (field && !required.has(k) && isEmptyCollection(decoded, sub)) continue;
        setOwn(out, k, decoded);
      }
      return out;
    }
    default:
      return value;
  }
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Whether Go could store the integer: int32 fields hold 32 bits; int64 ones are bounded here by exact doubles. */
function fitsInteger(value: number, format: unknown): boolean {
  if (format === 'int64') return Number.isSafeInteger(value);
  return value >= INT32_MIN && value <= INT32_MAX;
}

/** A JSON number as Go's decoder quotes it in errors (`1e+300`, `4294967296`). */
function goNumber(value: number): string {
  return Number.isSafeInteger(value) ? String(value) : String(value).replace(/e(\d)/, 'e+$1');
}

/**
 * An empty list or map in an optional field: Go's `omitempty` drops it when the server encodes the typed object, so
 * `ownerReferences: []` or `labels: {}` never come back from a real server. Empty structs (`resources: {}`) stay.
 */
function isEmptyCollection(value: unknown, schemaIn: Schema): boolean {
  if (Array.isArray(value)) return value.length === 0;
  const schema = resolve(schemaIn);
  const isMap = !!schema.additionalProperties && !schema.properties;
  return isMap && isObj(value) && Object.keys(value).length === 0;
}

/** Prune unknown fields and check JSON types against the definition `name`; throws DecodeError. */
export function decodeWithSchema(name: string, value: JsonObject): JsonObject {
  const def = K8S_OPENAPI.definitions[name];
  if (!def) return value;
  return walk(value, { $ref: `#/definitions/${name}` }, '', name.split('.').pop()!) as JsonObject;
}
