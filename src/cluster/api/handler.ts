/**
 * The Kubernetes REST API over HTTP: discovery, OpenAPI, CRUD + list + watch + patch on every catalog resource,
 * `/status`, `/scale`, `pods/binding`, `pods/log`. Errors are `Status` objects with upstream reasons and messages.
 */
import type { HttpHandler, HttpRequest, ResponseWriter } from '../../http/index.js';
import type { PodRuntime } from '../kubelet/pod-runtime.js';
import type { StoredObject } from '../store/index.js';
import { flag, intParam, readJson, sendError, sendJson, wantsTable } from './content.js';
import { apiGroupDoc, apiGroupList, apiResourceList, apiVersions, VERSION_INFO } from './discovery.js';
import { ApiError, badRequest, methodNotAllowed, notFoundPath, toApiError } from './errors.js';
import { serveOpenApi } from './openapi/serve.js';
import { servePodExec } from './pod-exec.js';
import { servePodLog } from './pod-log.js';
import { servePodPortForward } from './pod-port-forward.js';
import { PATCH_CONTENT_TYPES } from './patch/apply-patch.js';
import type { Registry } from './registry.js';
import type { DeleteRequest, WriteOptions } from './requests.js';
import { groupVersion, type ResourceDef } from './resource-types.js';
import { parseApiPath, type ApiRoute } from './route.js';
import { toTable } from './table/table.js';
import { serveWatch } from './watch-stream.js';

export interface ApiServerOptions {
  /** The address kubectl reaches us at, for /api's serverAddressByClientCIDRs. @default "192.168.86.1:6443" */
  serverAddress?: string;
  /** The kubelet's pod I/O (logs, exec, port-forward). Without it those answer 503-like errors. */
  podRuntime?: () => PodRuntime | undefined;
  /** Log each request (method, path, status) for debugging. */
  log?: (line: string) => void;
}

export function createApiHandler(registry: Registry, options: ApiServerOptions = {}): HttpHandler {
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
  registry: Registry,
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
  if (r.subresource) return subresource(registry, options, def, r, req, res);
  if (r.name === undefined) return collection(registry, def, r, req, res);
  return item(registry, def, r, r.name, req, res);
}

function discoveryDoc(registry: Registry, path: string): unknown | undefined {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'api' && parts.length === 2) return apiResourceList(registry.defs, '', parts[1]!);
  if (parts[0] === 'apis' && parts.length === 2) return apiGroupDoc(registry.defs, parts[1]!);
  if (parts[0] === 'apis' && parts.length === 3) return apiResourceList(registry.defs, parts[1]!, parts[2]!);
  return undefined;
}

function writeOptions(req: HttpRequest): WriteOptions {
  const dryRun = req.query.getAll('dryRun');
  for (const d of dryRun) if (d !== 'All') throw badRequest(`Invalid dryRun value: ${d}; supported values: "All"`);
  return { dryRun: dryRun.length > 0, fieldManager: req.query.get('fieldManager') ?? undefined };
}

function listKind(def: ResourceDef): string {
  return `${def.kind}List`;
}

interface ContinueToken {
  rv: string;
  start: string;
}

function encodeContinue(t: ContinueToken): string {
  return btoa(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(t.rv), start: t.start }));
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(atob(token)) as { rv: number; start: string };
    if (typeof t.start !== 'string') throw new Error('bad');
    return { rv: String(t.rv), start: t.start };
  } catch {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

const itemKey = (o: StoredObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

async function collection(
  registry: Registry,
  def: ResourceDef,
  r: ApiRoute,
  req: HttpRequest,
  res: ResponseWriter,
): Promise<void> {
  switch (req.method) {
    case 'GET': {
      if (!def.verbs.includes('list')) throw methodNotAllowed();
      if (flag(req, 'watch')) return serveWatch(registry, def, r.namespace, req, res);
      const { items: all, resourceVersion } = registry.list(def, {
        namespace: r.namespace,
        labelSelector: req.query.get('labelSelector') ?? undefined,
        fieldSelector: req.query.get('fieldSelector') ?? undefined,
      });
      let items = all;
      const cont = req.query.get('continue');
      let rv = resourceVersion;
      if (cont) {
        const t = decodeContinue(cont);
        rv = t.rv;
        items = items.filter((o) => itemKey(o) > t.start);
      }
      const limit = intParam(req, 'limit');
      const meta: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion: rv };
      if (limit !== undefined && limit > 0 && items.length > limit) {
        const page = items.slice(0, limit);
        meta.continue = encodeContinue({ rv, start: itemKey(page[page.length - 1]!) });
        meta.remainingItemCount = items.length - limit;
        items = page;
      }
      const table = def.columns.length ? wantsTable(req) : undefined;
      if (table) {
        const include = (req.query.get('includeObject') ?? 'Metadata') as 'None' | 'Metadata' | 'Object';
        const t = toTable(def, items, meta, registry.now(), { includeObject: include });
        if (table === 'v1beta1') (t as { apiVersion: string }).apiVersion = 'meta.k8s.io/v1beta1';
        return sendJson(res, 200, t);
      }
      return sendJson(res, 200, { kind: listKind(def), apiVersion: groupVersion(def), metadata: meta, items });
    }
    case 'POST': {
      if (!def.verbs.includes('create')) throw methodNotAllowed();
      const body = await readJson(req);
      const created = registry.create(def, r.namespace, body, writeOptions(req));
      return sendJson(res, 201, created);
    }
    case 'DELETE': {
      if (!def.verbs.includes('deletecollection')) throw methodNotAllowed();
      const opts = await deleteOptions(req);
      const { items } = registry.list(def, {
        namespace: r.namespace,
        labelSelector: req.query.get('labelSelector') ?? undefined,
        fieldSelector: req.query.get('fieldSelector') ?? undefined,
      });
      const out: StoredObject[] = [];
      for (const o of items) out.push(registry.delete(def, o.metadata.namespace, o.metadata.name!, opts).object);
      return sendJson(res, 200, {
        kind: listKind(def),
        apiVersion: groupVersion(def),
        metadata: { resourceVersion: registry.store.resourceVersion },
        items: out,
      });
    }
  }
  throw methodNotAllowed();
}

async function deleteOptions(req: HttpRequest): Promise<DeleteRequest> {
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

async function item(
  registry: Registry,
  def: ResourceDef,
  r: ApiRoute,
  name: string,
  req: HttpRequest,
  res: ResponseWriter,
): Promise<void> {
  switch (req.method) {
    case 'GET': {
      if (!def.verbs.includes('get')) throw methodNotAllowed();
      const obj = registry.get(def, r.namespace, name);
      const table = def.columns.length ? wantsTable(req) : undefined;
      if (table) {
        const t = toTable(def, [obj], { resourceVersion: obj.metadata.resourceVersion }, registry.now(), {
          includeObject: (req.query.get('includeObject') ?? 'Metadata') as 'None' | 'Metadata' | 'Object',
        });
        if (table === 'v1beta1') (t as { apiVersion: string }).apiVersion = 'meta.k8s.io/v1beta1';
        return sendJson(res, 200, t);
      }
      return sendJson(res, 200, obj);
    }
    case 'PUT': {
      if (!def.verbs.includes('update')) throw methodNotAllowed();
      const body = await readJson(req);
      return sendJson(res, 200, registry.update(def, r.namespace, name, body, writeOptions(req)));
    }
    case 'PATCH': {
      if (!def.verbs.includes('patch')) throw methodNotAllowed();
      const type = patchType(req);
      const body = await readJson(req);
      return sendJson(res, 200, registry.patch(def, r.namespace, name, type, body, writeOptions(req)));
    }
    case 'DELETE': {
      if (!def.verbs.includes('delete')) throw methodNotAllowed();
      const opts = await deleteOptions(req);
      const { object, finished } = registry.delete(def, r.namespace, name, opts);
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

function patchType(req: HttpRequest): 'json' | 'merge' | 'strategic' {
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

async function subresource(
  registry: Registry,
  options: ApiServerOptions,
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
      if (req.method === 'GET') return servePodLog(registry, options.podRuntime?.(), r.namespace!, name, req, res);
      break;
    }
    case 'exec':
    case 'attach': {
      if (req.method === 'POST' || req.method === 'GET') {
        return servePodExec(registry, options.podRuntime?.(), r.namespace!, name, req, res, sub.name);
      }
      break;
    }
    case 'portforward': {
      if (req.method === 'POST' || req.method === 'GET') {
        return servePodPortForward(registry, options.podRuntime?.(), r.namespace!, name, req, res);
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
