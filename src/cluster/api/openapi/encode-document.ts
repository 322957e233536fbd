/**
 * Encode a Swagger 2.0 document (JSON) as gnostic's OpenAPIv2 protobuf `Document`, the only form kubectl 1.20
 * reads from /openapi/v2. Field numbers follow the public openapi_v2 message definitions; values that are free-form
 * JSON (vendor extensions, enum, default, example) travel as `Any.yaml` strings (JSON is valid YAML).
 */
import { ProtoWriter } from './protobuf-writer.js';
import type { JsonObject } from '../../objects/index.js';

const isObj = (v: unknown): v is JsonObject => !!v && typeof v === 'object' && !Array.isArray(v);

/** Any { google.protobuf.Any value = 1; string yaml = 2; } */
function anyValue(w: ProtoWriter, field: number, value: unknown): void {
  w.message(field, (a) => a.string(2, JSON.stringify(value)));
}

/** NamedAny { string name = 1; Any value = 2; } for every `x-` key. */
function vendorExtensions(w: ProtoWriter, field: number, obj: JsonObject): void {
  for (const [key, value] of Object.entries(obj)) {
    if (!key.startsWith('x-')) continue;
    w.message(field, (n) => {
      n.string(1, key);
      anyValue(n, 2, value);
    });
  }
}

/** Schema message (fields 1-31). */
function schema(w: ProtoWriter, s: JsonObject): void {
  w.string(1, s.$ref as string | undefined);
  w.string(2, s.format as string | undefined);
  w.string(3, s.title as string | undefined);
  w.string(4, s.description as string | undefined);
  if (s.default !== undefined) anyValue(w, 5, s.default);
  w.double(6, s.multipleOf as number | undefined);
  w.double(7, s.maximum as number | undefined);
  w.bool(8, s.exclusiveMaximum as boolean | undefined);
  w.double(9, s.minimum as number | undefined);
  w.bool(10, s.exclusiveMinimum as boolean | undefined);
  w.int64(11, s.maxLength as number | undefined);
  w.int64(12, s.minLength as number | undefined);
  w.string(13, s.pattern as string | undefined);
  w.int64(14, s.maxItems as number | undefined);
  w.int64(15, s.minItems as number | undefined);
  w.bool(16, s.uniqueItems as boolean | undefined);
  for (const r of (s.required as string[] | undefined) ?? []) w.string(19, r);
  for (const e of (s.enum as unknown[] | undefined) ?? []) anyValue(w, 20, e);
  const ap = s.additionalProperties;
  if (isObj(ap)) w.message(21, (a) => a.message(1, (x) => schema(x, ap)));
  else if (typeof ap === 'boolean') w.message(21, (a) => a.boolAlways(2, ap));
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    w.message(22, (t) => types.forEach((v) => t.string(1, v)));
  }
  const items = s.items;
  if (isObj(items)) w.message(23, (i) => i.message(1, (x) => schema(x, items)));
  else if (Array.isArray(items))
    w.message(23, (i) => items.forEach((it) => i.message(1, (x) => schema(x, it as JsonObject))));
  for (const a of (s.allOf as JsonObject[] | undefined) ?? []) w.message(24, (x) => schema(x, a));
  const props = s.properties;
  if (isObj(props)) {
    w.message(25, (p) => {
      for (const [name, value] of Object.entries(props)) {
        p.message(1, (n) => n.string(1, name).message(2, (x) => schema(x, value as JsonObject)));
      }
    });
  }
  w.bool(27, s.readOnly as boolean | undefined);
  if (s.example !== undefined) anyValue(w, 30, s.example);
  vendorExtensions(w, 31, s);
}

/** ParametersItem -> Parameter -> NonBodyParameter -> QueryParameterSubSchema (the only kind we emit). */
function queryParameter(w: ProtoWriter, p: JsonObject): void {
  w.message(8, (item) =>
    item.message(1, (param) =>
      param.message(2, (nonBody) =>
        nonBody.message(3, (q) => {
          q.bool(1, p.required as boolean | undefined);
          q.string(2, 'query');
          q.string(3, p.description as string | undefined);
          q.string(4, p.name as string);
          q.string(6, p.type as string | undefined);
        }),
      ),
    ),
  );
}

function operation(w: ProtoWriter, op: JsonObject): void {
  w.string(5, op.operationId as string | undefined);
  for (const p of (op.parameters as JsonObject[] | undefined) ?? []) if (p.in === 'query') queryParameter(w, p);
  vendorExtensions(w, 13, op);
}

const PATH_OPS: [string, number][] = [
  ['get', 2],
  ['put', 3],
  ['post', 4],
  ['delete', 5],
  ['options', 6],
  ['head', 7],
  ['patch', 8],
];

export function encodeOpenApiDocument(doc: JsonObject): Uint8Array {
  const w = new ProtoWriter();
  w.string(1, doc.swagger as string);
  const info = (doc.info ?? {}) as JsonObject;
  w.message(2, (i) => i.string(1, info.title as string).string(2, info.version as string));
  const paths = (doc.paths ?? {}) as Record<string, JsonObject>;
  w.message(8, (p) => {
    for (const [name, item] of Object.entries(paths)) {
      p.message(2, (named) =>
        named.string(1, name).message(2, (pi) => {
          for (const [verb, field] of PATH_OPS) {
            const op = item[verb];
            if (isObj(op)) pi.message(field, (o) => operation(o, op));
          }
        }),
      );
    }
  });
  const definitions = (doc.definitions ?? {}) as Record<string, JsonObject>;
  w.message(9, (d) => {
    for (const [name, s] of Object.entries(definitions)) {
      d.message(1, (named) => named.string(1, name).message(2, (x) => schema(x, s)));
    }
  });
  return w.finish();
}
