/** Reading a REST request's query and body options: dryRun, fieldManager, delete options, patch type, selectors. */
import type { HttpRequest } from '../../../http/index.js';
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
  const text = await req.text();
  let body: Record<string, unknown> = {};
  if (text.trim()) {
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
    }
  }
  const grace = intParam(req, 'gracePeriodSeconds') ?? (body.gracePeriodSeconds as number | undefined);
  const policy = (req.query.get('propagationPolicy') ?? body.propagationPolicy) as DeleteRequest['propagationPolicy'];
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw badRequest(
      `propagationPolicy: Unsupported value: "${String(policy)}": supported values: "Foreground", "Background", "Orphan"`,
    );
  }
  const orphan = body.orphanDependents;
  const dryRun = [...req.query.getAll('dryRun'), ...((body.dryRun as string[] | undefined) ?? [])];
  return {
    gracePeriodSeconds: grace,
    propagationPolicy: policy ?? (orphan === true ? 'Orphan' : undefined),
    preconditions: body.preconditions as DeleteRequest['preconditions'],
    dryRun: dryRun.includes('All'),
  };
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
