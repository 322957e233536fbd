/** Requests on a resource collection: list (paged, as a Table or a List) and watch, create, deletecollection. */
import type { HttpRequest, ResponseWriter } from '../../../http/index.js';
import type { StoredObject } from '../../store/index.js';
import { flag, readJson, sendJson } from '../content.js';
import { methodNotAllowed } from '../errors.js';
import type { ResourceRegistry } from '../resource-registry.js';
import { groupVersion, type ResourceDef } from '../resource-types.js';
import { serveWatch } from '../watch-stream.js';
import { pageOf } from './list-paging.js';
import { deleteOptions, listRequest, writeOptions } from './request-options.js';
import { tableFor } from './table-response.js';

export async function serveCollection(
  registry: ResourceRegistry,
  def: ResourceDef,
  namespace: string | undefined,
  req: HttpRequest,
  res: ResponseWriter,
): Promise<void> {
  switch (req.method) {
    case 'GET': {
      if (!def.verbs.includes('list')) throw methodNotAllowed();
      if (flag(req, 'watch')) return serveWatch(registry, def, namespace, req, res);
      const { items: all, resourceVersion } = registry.list(def, listRequest(req, namespace));
      const { items, meta } = pageOf(req, all, resourceVersion);
      const table = tableFor(req, def, items, meta, registry.now());
      if (table) return sendJson(res, 200, table);
      return sendJson(res, 200, { kind: `${def.kind}List`, apiVersion: groupVersion(def), metadata: meta, items });
    }
    case 'POST': {
      if (!def.verbs.includes('create')) throw methodNotAllowed();
      const body = await readJson(req);
      return sendJson(res, 201, registry.create(def, namespace, body, writeOptions(req)));
    }
    case 'DELETE': {
      if (!def.verbs.includes('deletecollection')) throw methodNotAllowed();
      const opts = await deleteOptions(req);
      const { items } = registry.list(def, listRequest(req, namespace));
      const out: StoredObject[] = [];
      for (const o of items) out.push(registry.delete(def, o.metadata.namespace, o.metadata.name!, opts).object);
      return sendJson(res, 200, {
        kind: `${def.kind}List`,
        apiVersion: groupVersion(def),
        metadata: { resourceVersion: registry.store.resourceVersion },
        items: out,
      });
    }
  }
  throw methodNotAllowed();
}
