/**
 * The Kubernetes REST API over HTTP: discovery, OpenAPI, then each API path routed to its collection, object or
 * subresource handler (`rest/`). Errors are `Status` objects with upstream reasons and messages.
 */
import type { HttpHandler, HttpRequest, ResponseWriter } from '../../http/index.js';
import type { PodRuntime } from '../kubelet/pod-runtime.js';
import { sendError, sendJson } from './content.js';
import { apiGroupDoc, apiGroupList, apiResourceList, apiVersions, VERSION_INFO } from './discovery.js';
import { notFoundPath, toApiError } from './errors.js';
import { serveOpenApi } from './openapi/serve.js';
import type { ResourceRegistry } from './resource-registry.js';
import { serveCollection } from './rest/collection.js';
import { serveItem } from './rest/item.js';
import { serveSubresource } from './rest/subresource.js';
import { parseApiPath } from './route.js';

export interface ApiServerOptions {
  /** The address kubectl reaches us at, for /api's serverAddressByClientCIDRs. @default "192.168.86.1:6443" */
  serverAddress?: string;
  /** The kubelet's pod I/O (logs, exec, port-forward). Without it those answer 503-like errors. */
  podRuntime?: () => PodRuntime | undefined;
  /** Log each request (method, path, status) for debugging. */
  log?: (line: string) => void;
}

export function createApiHandler(registry: ResourceRegistry, options: ApiServerOptions = {}): HttpHandler {
  const serverAddress = options.serverAddress ?? '192.168.86.1:6443';
  return async (req, res) => {
    try {
      await route(registry, options, serverAddress, req, res);
    } catch (error) {
      const apiError = toApiError(error);
      if (!res.headersSent) sendError(res, apiError);
      else res.end();
    }
    options.log?.(`${req.method} ${req.target}`);
  };
}

async function route(
  registry: ResourceRegistry,
  options: ApiServerOptions,
  serverAddress: string,
  req: HttpRequest,
  res: ResponseWriter,
): Promise<void> {
  const path = req.path.length > 1 ? req.path.replace(/\/$/, '') : req.path;
  if (req.method === 'GET') {
    switch (path) {
      case '/version':
        return sendJson(res, 200, VERSION_INFO);
      case '/api':
        return sendJson(res, 200, apiVersions(serverAddress));
      case '/apis':
        return sendJson(res, 200, apiGroupList(registry.defs));
      case '/healthz':
      case '/livez':
      case '/readyz':
        return res.send(200, { 'Content-Type': 'text/plain; charset=utf-8' }, 'ok');
      case '/openapi/v2':
      case '/swagger-2.0.0.pb-v1':
        return serveOpenApi(req, res);
    }
    const discovery = discoveryDoc(registry, path);
    if (discovery) return sendJson(res, 200, discovery);
  }
  const r = parseApiPath(path, (g, v, name) => registry.find(g, v, name)?.namespaced === true);
  if (!r) throw notFoundPath();
  const def = registry.find(r.group, r.version, r.resource);
  if (!def) throw notFoundPath();
  if (def.namespaced && r.name !== undefined && r.namespace === undefined) throw notFoundPath();
  if (!def.namespaced && r.namespace !== undefined) throw notFoundPath();
  if (r.subresource) return serveSubresource(registry, () => options.podRuntime?.(), def, r, req, res);
  if (r.name === undefined) return serveCollection(registry, def, r.namespace, req, res);
  return serveItem(registry, def, r.namespace, r.name, req, res);
}

function discoveryDoc(registry: ResourceRegistry, path: string): unknown | undefined {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'api' && parts.length === 2) return apiResourceList(registry.defs, '', parts[1]!);
  if (parts[0] === 'apis' && parts.length === 2) return apiGroupDoc(registry.defs, parts[1]!);
  if (parts[0] === 'apis' && parts.length === 3) return apiResourceList(registry.defs, parts[1]!, parts[2]!);
  return undefined;
}
