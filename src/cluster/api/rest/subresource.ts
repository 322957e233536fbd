/**
 * Subresources: `/status` (spec kept), `/scale` (autoscaling/v1 Scale), `pods/binding`, and the kubelet-backed pod
 * streams `log`, `exec`, `attach`, `portforward`; `namespaces/finalize`.
 */
import type { HttpRequest, ResponseWriter } from '../../../http/index.js';
import type { PodRuntime } from '../../kubelet/pod-runtime.js';
import { readJson, sendJson } from '../content.js';
import { ApiError, methodNotAllowed, notFoundPath } from '../errors.js';
import { servePodExec } from '../pod-exec.js';
import { servePodLog } from '../pod-log.js';
import { servePodPortForward } from '../pod-port-forward.js';
import type { ResourceRegistry } from '../resource-registry.js';
import type { ResourceDef } from '../resource-types.js';
import type { ApiRoute } from '../route.js';
import { patchType, writeOptions } from './request-options.js';

export async function serveSubresource(
  registry: ResourceRegistry,
  /** The kubelet's pod I/O, looked up per request (the kubelet may register after the API server starts). */
  podRuntime: () => PodRuntime | undefined,
  def: ResourceDef,
  r: ApiRoute,
  req: HttpRequest,
  res: ResponseWriter,
): Promise<void> {
  const sub = def.subresources?.find((s) => s.name === r.subresource);
  const name = r.name!;
  if (!sub) throw notFoundPath();
  switch (sub.name) {
    case 'status': {
      if (req.method === 'GET') return sendJson(res, 200, registry.get(def, r.namespace, name));
      if (req.method === 'PUT') {
        const body = await readJson(req);
        return sendJson(res, 200, registry.update(def, r.namespace, name, body, writeOptions(req), 'status'));
      }
      if (req.method === 'PATCH') {
        const type = patchType(req);
        const body = await readJson(req);
        return sendJson(res, 200, registry.patch(def, r.namespace, name, type, body, writeOptions(req), 'status'));
      }
      break;
    }
    case 'scale': {
      if (req.method === 'GET') return sendJson(res, 200, registry.getScale(def, r.namespace, name));
      if (req.method === 'PUT') {
        const body = await readJson(req);
        return sendJson(res, 200, registry.updateScale(def, r.namespace, name, body, writeOptions(req)));
      }
      if (req.method === 'PATCH') {
        const type = patchType(req);
        const body = await readJson(req);
        return sendJson(res, 200, registry.patchScale(def, r.namespace, name, type, body, writeOptions(req)));
      }
      break;
    }
    case 'binding': {
      if (req.method === 'POST') {
        registry.bind(r.namespace!, name, await readJson(req));
        return sendJson(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
      }
      break;
    }
    case 'log': {
      if (req.method === 'GET') return servePodLog(registry, podRuntime(), r.namespace!, name, req, res);
      break;
    }
    case 'exec':
    case 'attach': {
      if (req.method === 'POST' || req.method === 'GET') {
        return servePodExec(registry, podRuntime(), r.namespace!, name, req, res, sub.name);
      }
      break;
    }
    case 'portforward': {
      if (req.method === 'POST' || req.method === 'GET') {
        return servePodPortForward(registry, podRuntime(), r.namespace!, name, req, res);
      }
      break;
    }
    case 'finalize': {
      if (req.method === 'PUT') {
        const body = await readJson(req);
        return sendJson(res, 200, registry.update(def, r.namespace, name, body, writeOptions(req)));
      }
      break;
    }
    default:
      throw new ApiError(501, 'NotImplemented', `${def.resource}/${sub.name} is not supported by this cluster yet`);
  }
  throw methodNotAllowed();
}
