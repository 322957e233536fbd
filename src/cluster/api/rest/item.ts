/** Requests on one object: get (as a Table or the object), replace, patch, delete. */
import type { HttpRequest, ResponseWriter } from '../../../http/index.js';
import { readJson, sendJson } from '../content.js';
import { methodNotAllowed } from '../errors.js';
import type { ResourceRegistry } from '../resource-registry.js';
import type { ResourceDef } from '../resource-types.js';
import { deleteOptions, patchType, writeOptions } from './request-options.js';
import { tableFor } from './table-response.js';

export async function serveItem(
  registry: ResourceRegistry,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
  req: HttpRequest,
  res: ResponseWriter,
): Promise<void> {
  switch (req.method) {
    case 'GET': {
      if (!def.verbs.includes('get')) throw methodNotAllowed();
      const obj = registry.get(def, namespace, name);
      const table = tableFor(req, def, [obj], { resourceVersion: obj.metadata.resourceVersion }, registry.now());
      return sendJson(res, 200, table ?? obj);
    }
    case 'PUT': {
      if (!def.verbs.includes('update')) throw methodNotAllowed();
      const body = await readJson(req);
      return sendJson(res, 200, registry.update(def, namespace, name, body, writeOptions(req)));
    }
    case 'PATCH': {
      if (!def.verbs.includes('patch')) throw methodNotAllowed();
      const type = patchType(req);
      const body = await readJson(req);
      return sendJson(res, 200, registry.patch(def, namespace, name, type, body, writeOptions(req)));
    }
    case 'DELETE': {
      if (!def.verbs.includes('delete')) throw methodNotAllowed();
      const opts = await deleteOptions(req);
      const { object, finished } = registry.delete(def, namespace, name, opts);
      // Still there (finalizers, grace period): the object; gone: a Success Status (pods always answer the object).
      if (!finished || def.resource === 'pods') return sendJson(res, 200, object);
      return sendJson(res, 200, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name, ...(def.group ? { group: def.group } : {}), kind: def.resource, uid: object.metadata.uid },
      });
    }
  }
  throw methodNotAllowed();
}
