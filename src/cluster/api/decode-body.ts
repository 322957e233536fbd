/**
 * Decoding a request body into an object of the endpoint's kind, with upstream's messages for a body of the wrong
 * shape, apiVersion, kind or namespace. Known kinds decode against their OpenAPI schema (typed fields; unknown fields
 * dropped as the real server's decoder does).
 */
import { thaw } from '../store/index.js';
import type { JsonObject, KubeObject } from '../objects/index.js';
import { badRequest } from './errors.js';
import { MAX_NESTING_DEPTH, nestedDeeperThan, tooDeepMessage } from './nesting-depth.js';
import { decodeWithSchema, DecodeError } from './openapi/decode.js';
import { definitionFor } from './openapi/schema.js';
import { groupVersion, type ResourceDef } from './resource-types.js';

const isObj = (v: unknown): v is JsonObject => !!v && typeof v === 'object' && !Array.isArray(v);

const schemaNames = new Map<ResourceDef, string | undefined>();

/** The OpenAPI definition a resource's bodies decode against (undefined: accepted as sent). */
function schemaName(def: ResourceDef): string | undefined {
  if (!schemaNames.has(def)) schemaNames.set(def, definitionFor(def.group, def.version, def.kind));
  return schemaNames.get(def);
}

/** A fresh, editable object with apiVersion, kind and (for namespaced kinds) the request's namespace set. */
export function decodeBody(def: ResourceDef, body: unknown, namespace: string | undefined): KubeObject {
  if (!isObj(body)) throw badRequest(`Object '${def.kind}' is missing in '${JSON.stringify(body)}'`);
  const gv = groupVersion(def);
  if (body.apiVersion !== undefined && body.apiVersion !== gv) {
    throw badRequest(
      `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${gv})`,
    );
  }
  if (body.kind !== undefined && body.kind !== def.kind) {
    throw badRequest(
      `${String(body.kind)} in version "${def.version}" cannot be handled as a ${def.kind}: no kind "${String(body.kind)}" is registered for version "${gv}" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"`,
    );
  }
  // Patches can deepen an object a level at a time; what is stored must stay readable.
  if (nestedDeeperThan(body, MAX_NESTING_DEPTH)) {
    throw badRequest(`${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: ${tooDeepMessage()}`);
  }
  let obj: KubeObject;
  const schema = schemaName(def);
  try {
    obj = (schema ? decodeWithSchema(schema, body) : thaw(body)) as KubeObject;
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    throw badRequest(`${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: ${error.message}`);
  }
  if (obj.metadata !== undefined && !isObj(obj.metadata)) throw badRequest('metadata must be an object');
  obj.metadata = (obj.metadata ?? {}) as KubeObject['metadata'];
  obj.apiVersion = gv;
  obj.kind = def.kind;
  if (def.namespaced) {
    if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = namespace ?? obj.metadata.namespace;
  } else delete obj.metadata.namespace;
  return obj;
}
