import type { ByteStream, ConnectionHandler } from '../protocol/byte-stream.js';
import {
  createHttpServer,
  HttpParseError,
  type HttpHandler,
  type HttpRequest,
  type ResponseWriter,
} from '../http/index.js';
import type { ByteRange } from './blob-source.js';
import { RegistryError } from './errors.js';
import type { Registry } from './registry.js';

const API_VERSION = { 'Docker-Distribution-API-Version': 'registry/2.0' };

type Route = (req: HttpRequest, res: ResponseWriter, m: RegExpExecArray) => Promise<void>;

/** The distribution API (Docker Registry HTTP API v2 / OCI distribution) over a Registry, as an HTTP handler. */
export function createRegistryHandler(
  registry: Registry,
  options: { onError?: (e: unknown) => void } = {},
): HttpHandler {
  const routes: [method: string[], pattern: RegExp, route: Route][] = [
    [['GET', 'HEAD'], /^\/v2\/?$/, async (_req, res) => json(res, 200, {})],
    [['GET'], /^\/v2\/_catalog$/, async (req, res) => catalog(registry, req, res)],
    [['GET'], /^\/v2\/(.+)\/tags\/list$/, async (req, res, m) => tagsList(registry, req, res, m[1]!)],
    [
      ['GET', 'HEAD'],
      /^\/v2\/(.+)\/manifests\/([^/]+)$/,
      async (req, res, m) => getManifest(registry, req, res, m[1]!, m[2]!),
    ],
    [['PUT'], /^\/v2\/(.+)\/manifests\/([^/]+)$/, async (req, res, m) => putManifest(registry, req, res, m[1]!, m[2]!)],
    [
      ['DELETE'],
      /^\/v2\/(.+)\/manifests\/([^/]+)$/,
      async (_req, res, m) => {
        await registry.deleteManifest(m[1]!, m[2]!);
        empty(res, 202);
      },
    ],
    [['POST'], /^\/v2\/(.+)\/blobs\/uploads\/?$/, async (req, res, m) => startUpload(registry, req, res, m[1]!)],
    [
      ['PATCH'],
      /^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/,
      async (req, res, m) => patchUpload(registry, req, res, m[1]!, m[2]!),
    ],
    [
      ['PUT'],
      /^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/,
      async (req, res, m) => putUpload(registry, req, res, m[1]!, m[2]!),
    ],
    [
      ['GET'],
      /^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/,
      async (_req, res, m) => {
        const session = registry.uploads.get(m[1]!, m[2]!);
        empty(res, 204, uploadHeaders(m[1]!, session.id, session.size));
      },
    ],
    [
      ['DELETE'],
      /^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/,
      async (_req, res, m) => {
        registry.uploads.delete(registry.uploads.get(m[1]!, m[2]!).id);
        empty(res, 204);
      },
    ],
    [['GET', 'HEAD'], /^\/v2\/(.+)\/blobs\/([^/]+)$/, async (req, res, m) => getBlob(registry, req, res, m[2]!)],
    [
      ['DELETE'],
      /^\/v2\/(.+)\/blobs\/([^/]+)$/,
      async () => {
        throw new RegistryError('UNSUPPORTED', undefined, 'blob deletion is not supported');
      },
    ],
  ];

  return async (req, res) => {
    try {
      const matching = routes.filter(([, pattern]) => pattern.test(req.path));
      if (matching.length === 0)
        throw new RegistryError('NAME_UNKNOWN', { path: req.path }, `no such registry endpoint: ${req.path}`);
      const route = matching.find(([methods]) => methods.includes(req.method));
      if (!route) throw new RegistryError('UNSUPPORTED', { method: req.method }, `${req.method} is not supported here`);
      await route[2](req, res, route[1].exec(req.path)!);
    } catch (thrown) {
      const error = asRegistryError(thrown);
      if (!(error instanceof RegistryError)) options.onError?.(error);
      if (res.headersSent) {
        res.end();
        return;
      }
      const e = error instanceof RegistryError ? error : new RegistryError('UNSUPPORTED', undefined, String(error));
      const status = error instanceof RegistryError ? e.status : 500;
      // An upload past a push limit is not read further (it may be huge); the connection closes after the answer.
      // Otherwise drain the unread body so the connection can carry the next request.
      if (e.code === 'DENIED') req.refuseBody(e.message);
      else await drain(req);
      res.send(
        status,
        { ...API_VERSION, 'Content-Type': 'application/json; charset=utf-8' },
        req.method === 'HEAD' ? '' : e.toJson(),
      );
    }
  };
}

/**
 * The request's own fault found by the HTTP layer (a body cut short before its Content-Length, or over the limit)
 * as the distribution API's SIZE_INVALID, with the HTTP status (400 or 413) instead of a 500.
 */
function asRegistryError(error: unknown): unknown {
  if (error instanceof HttpParseError && error.status >= 400 && error.status < 500) {
    return new RegistryError('SIZE_INVALID', undefined, error.message, error.status);
  }
  return error;
}

/** A ConnectionHandler (for HostNetwork.listen) serving the registry on every connection. */
export function registryConnectionHandler(
  registry: Registry,
  options: { onError?: (e: unknown) => void } = {},
): ConnectionHandler {
  const server = createHttpServer(createRegistryHandler(registry, options), options);
  return (stream: ByteStream) => server(stream);
}

function json(res: ResponseWriter, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.send(
    status,
    { ...API_VERSION, 'Content-Type': 'application/json; charset=utf-8', ...headers },
    JSON.stringify(body),
  );
}

function empty(res: ResponseWriter, status: number, headers: Record<string, string> = {}): void {
  res.send(status, { ...API_VERSION, ...headers });
}

/** The body size a request declares (Content-Length), if it does. */
function declaredLength(req: HttpRequest): number | undefined {
  const text = req.headers.get('content-length');
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

async function drain(req: HttpRequest): Promise<void> {
  try {
    for await (const _ of req.bodyChunks()) void _;
  } catch {
    // already read, or the connection went away
  }
}

async function catalog(registry: Registry, req: HttpRequest, res: ResponseWriter): Promise<void> {
  json(res, 200, { repositories: paginate(await registry.catalog(), req) });
}

async function tagsList(registry: Registry, req: HttpRequest, res: ResponseWriter, name: string): Promise<void> {
  json(res, 200, { name, tags: paginate(await registry.tags(name), req) });
}

/** `?n=` and `?last=` pagination of a sorted list. */
function paginate(items: string[], req: HttpRequest): string[] {
  const last = req.query.get('last');
  const n = req.query.get('n');
  let out = last ? items.filter((i) => i > last) : items;
  if (n !== null && /^\d+$/.test(n)) out = out.slice(0, Number(n));
  return out;
}

async function getManifest(
  registry: Registry,
  req: HttpRequest,
  res: ResponseWriter,
  name: string,
  ref: string,
): Promise<void> {
  const manifest = await registry.manifest(name, ref, req.headers.get('accept'));
  res.writeHead(200, {
    ...API_VERSION,
    'Content-Type': manifest.mediaType,
    'Content-Length': manifest.bytes.length,
    'Docker-Content-Digest': manifest.digest,
    ETag: `"${manifest.digest}"`,
  });
  res.end(req.method === 'HEAD' ? undefined : manifest.bytes);
}

async function putManifest(
  registry: Registry,
  req: HttpRequest,
  res: ResponseWriter,
  name: string,
  ref: string,
): Promise<void> {
  const digest = await registry.putManifest(name, ref, req.headers.get('content-type'), await req.body());
  empty(res, 201, { Location: `/v2/${name}/manifests/${digest}`, 'Docker-Content-Digest': digest });
}

async function getBlob(registry: Registry, req: HttpRequest, res: ResponseWriter, digest: string): Promise<void> {
  const blob = await registry.blob(digest);
  const headers: Record<string, string | number> = {
    ...API_VERSION,
    'Content-Type': 'application/octet-stream',
    'Docker-Content-Digest': blob.digest,
    'Accept-Ranges': 'bytes',
    ETag: `"${blob.digest}"`,
    'Cache-Control': 'max-age=31536000',
  };
  const range = parseRange(req.headers.get('range'), blob.size);
  if (range === 'invalid') {
    res.send(416, { ...API_VERSION, 'Content-Range': `bytes */${blob.size}` });
    return;
  }
  if (range) {
    res.writeHead(206, {
      ...headers,
      'Content-Length': range.end - range.start + 1,
      'Content-Range': `bytes ${range.start}-${range.end}/${blob.size}`,
    });
  } else {
    res.writeHead(200, { ...headers, 'Content-Length': blob.size });
  }
  if (req.method !== 'HEAD' && blob.size > 0) {
    for await (const chunk of blob.read(range ?? undefined)) res.write(chunk);
  }
  res.end();
}

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range; undefined without a header; 'invalid' when unsatisfiable. */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined | 'invalid' {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start > end || start >= size) return 'invalid';
  return { start, end };
}

function uploadHeaders(name: string, id: string, size: number): Record<string, string> {
  return {
    Location: `/v2/${name}/blobs/uploads/${id}`,
    Range: `0-${Math.max(0, size - 1)}`,
    'Docker-Upload-UUID': id,
  };
}

async function startUpload(registry: Registry, req: HttpRequest, res: ResponseWriter, name: string): Promise<void> {
  const mount = req.query.get('mount');
  if (mount && (await registry.hasBlob(mount))) {
    // Cross-repository mount: the blob is already here, so nothing needs uploading.
    await drain(req);
    empty(res, 201, { Location: `/v2/${name}/blobs/${mount}`, 'Docker-Content-Digest': mount });
    return;
  }
  const session = registry.uploads.start(name);
  const digest = req.query.get('digest');
  if (digest) {
    // Monolithic upload: the whole blob in this request.
    await registry.receiveUpload(session, req.bodyChunks(), declaredLength(req));
    await registry.completeUpload(session, digest);
    empty(res, 201, { Location: `/v2/${name}/blobs/${digest}`, 'Docker-Content-Digest': digest });
    return;
  }
  await drain(req);
  empty(res, 202, uploadHeaders(name, session.id, 0));
}

async function patchUpload(
  registry: Registry,
  req: HttpRequest,
  res: ResponseWriter,
  name: string,
  id: string,
): Promise<void> {
  const session = registry.uploads.get(name, id);
  const contentRange = req.headers.get('content-range');
  if (contentRange) {
    const m = /^(?:bytes )?(\d+)-(\d+)$/.exec(contentRange.trim());
    if (!m || Number(m[1]) !== session.size) {
      await drain(req);
      res.send(416, { ...API_VERSION, ...uploadHeaders(name, id, session.size) });
      return;
    }
  }
  await registry.receiveUpload(session, req.bodyChunks(), declaredLength(req));
  empty(res, 202, uploadHeaders(name, id, session.size));
}

async function putUpload(
  registry: Registry,
  req: HttpRequest,
  res: ResponseWriter,
  name: string,
  id: string,
): Promise<void> {
  const session = registry.uploads.get(name, id);
  const digest = req.query.get('digest');
  await registry.receiveUpload(session, req.bodyChunks(), declaredLength(req));
  if (!digest) throw new RegistryError('DIGEST_INVALID', undefined, 'digest parameter missing');
  await registry.completeUpload(session, digest);
  empty(res, 201, { Location: `/v2/${name}/blobs/${digest}`, 'Docker-Content-Digest': digest });
}
