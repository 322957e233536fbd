/** Reading a REST request's query and body options: dryRun, fieldManager, delete options, patch type, selectors. */
import type { HttpRequest } from '../../../http/index.js';
import { getOwn } from '../../store/index.js';
import { intParam } from '../content.js';
import { ApiError, badRequest } from '../errors.js';
import { PATCH_CONTENT_TYPES, type PatchType } from '../patch/apply-patch.js';
import type { DeleteRequest, ListRequest, WriteOptions } from '../requests.js';

export function writeOptions(req: HttpRequest): WriteOptions {
  const dryRun = req.query.getAll('dryRun');
  for (const d of dryRun) if (d !== 'All') throw badRequest(`Invalid dryRun value: ${d}; supported values: "All"`);
  return { dryRun: dryRun.length > 0, fieldManager: req.query.get('fieldManager') ?? undefined };
}

/** `labelSelector` / `fieldSelector` of a list, watch or deletecollection. */
export function listRequest(req: HttpRequest, namespace: string | undefined): ListRequest {
  return {
    namespace,
    labelSelector: req.query.get('labelSelector') ?? undefined,
    fieldSelector: req.query.get('fieldSelector') ?? undefined,
  };
}

/** DeleteOptions from the query and the (optional) JSON body kubectl sends. */
export async function deleteOptions(req: HttpRequest): Promise<DeleteRequest> {
  const body = await deleteOptionsBody(req);
  const grace = intParam(req, 'gracePeriodSeconds') ?? typedField(body, 'gracePeriodSeconds', 'int64');
  const policy = (req.query.get('propagationPolicy') ?? typedField(body, 'propagationPolicy', 'string')) as
    DeleteRequest['propagationPolicy'] | undefined;
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw badRequest(
      `propagationPolicy: Unsupported value: "${String(policy)}": supported values: "Foreground", "Background", "Orphan"`,
    );
  }
  const orphan = typedField(body, 'orphanDependents', 'bool');
  const preconditions = typedField(body, 'preconditions', 'object');
  const bodyDryRun = typedField(body, 'dryRun', '[]string') ?? [];
  const dryRun = [...req.query.getAll('dryRun'), ...bodyDryRun];
  return {
    gracePeriodSeconds: grace,
    propagationPolicy: policy ?? (orphan === true ? 'Orphan' : undefined),
    preconditions: preconditions && {
      uid: typedField(preconditions, 'uid', 'string', 'Preconditions'),
      resourceVersion: typedField(preconditions, 'resourceVersion', 'string', 'Preconditions'),
    },
    dryRun: dryRun.includes('All'),
  };
}

/** The body as a JSON object; empty and `null` are no options, anything but an object is a 400 as in Go. */
async function deleteOptionsBody(req: HttpRequest): Promise<Record<string, unknown>> {
  const text = await req.text();
  if (!text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
  if (body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest(`json: cannot unmarshal ${jsonKind(body)} into Go value of type v1.DeleteOptions`);
  }
  return body as Record<string, unknown>;
}

interface GoTypes {
  int64: number;
  string: string;
  bool: boolean;
  object: Record<string, unknown>;
  '[]string': string[];
}

const GO_TYPE_CHECKS: { [K in keyof GoTypes]: (v: unknown) => boolean } = {
  int64: (v) => typeof v === 'number' && Number.isSafeInteger(v),
  string: (v) => typeof v === 'string',
  bool: (v) => typeof v === 'boolean',
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  '[]string': (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
};

/** One DeleteOptions field of the Go type `type` (absent or null: undefined); another JSON type is a 400. */
function typedField<K extends keyof GoTypes>(
  body: Record<string, unknown>,
  field: string,
  type: K,
  struct = 'DeleteOptions',
): GoTypes[K] | undefined {
  const value = getOwn(body, field);
  if (value === undefined || value === null) return undefined;
  if (!GO_TYPE_CHECKS[type](value)) {
    throw badRequest(
      `json: cannot unmarshal ${jsonKind(value)} into Go struct field ${struct}.${field} of type ${type}`,
    );
  }
  return value as GoTypes[K];
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** The patch type from Content-Type; 415 with upstream's list of accepted types otherwise. */
export function patchType(req: HttpRequest): PatchType {
  const ct = (req.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const type = PATCH_CONTENT_TYPES[ct];
  if (!type) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
    );
  }
  return type;
}
