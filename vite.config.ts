// Vite serves the page, bundles the VM worker, and serves the guest image build from the cache folder at /vm/
// (dev and `vite preview` alike). The multi-GB disk never enters dist/: it is streamed from ~/.cache/wharf.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { homedir } from 'node:os';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
// Types only: a value import of 'vite' trips eslint-plugin-import-x's resolver (no-cycle), and defineConfig is an
// identity function anyway.
import type { Connect, Plugin, UserConfig } from 'vite';
import { appContentSecurityPolicy } from './server/app-csp.js';
import { PreviewRelay } from './server/preview-relay.js';

const cacheRoot = process.env.WHARF_CACHE ?? join(homedir(), '.cache', 'wharf');
/** URL prefix -> folder: the newest guest build and the curated images' OCI layout (the registry reads it). */
const served: Record<string, string> = {
  '/vm/': join(cacheRoot, 'vm', 'current'),
  '/images/': join(cacheRoot, 'images', 'current'),
};

const here = dirname(fileURLToPath(import.meta.url));

const config: UserConfig = {
  plugins: [previewRelay(), vmAssets(), precacheList(), contentSecurityPolicy()],
  resolve: {
    alias: [
      // monaco-yaml's worker imports `monaco-editor/esm/vs/...`, which monaco-editor 0.57's export map no longer
      // resolves (it maps `./*` to `./esm/vs/*`): point it at the file itself.
      { find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: join(here, 'node_modules/monaco-editor/esm/vs/$1') },
    ],
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // Monaco's own chunks are large by nature; they load only when the editor opens.
    chunkSizeWarningLimit: 4096,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
};
export default config;

/**
 * The preview origin (server/preview-relay.ts): requests for <port>-<session>.preview.localhost and the page's
 * session stream, before anything else (those hosts never get the app's files).
 */
function previewRelay(): Plugin {
  const relay = new PreviewRelay();
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    if (!relay.handle(req, res)) next();
  };
  return {
    name: 'wharf-preview-relay',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

/** The built page carries its Content-Security-Policy (the dev server's module graph is left without one). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'wharf-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: appContentSecurityPolicy() },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * `/vm/<build id>/<file>`: a file of one build, whatever `current` points at now (see src/vm/url-assets.ts). A
 * build that was pruned answers 404, never another build's bytes.
 */
const VM_BUILD_PATH = /^\/vm\/([0-9a-f]{8,64})\/([^/]+)$/;

/**
 * `/vm/<file>` and `/images/<file>` from the cache, with Range (v86 reads the disk block by block, the registry
 * reads slices of layers), ETag and caching headers.
 */
function vmAssets(): Plugin {
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const build = VM_BUILD_PATH.exec(url.pathname);
    if (build) {
      serveCachedFile(join(cacheRoot, 'vm', build[1]!), decodeURIComponent(build[2]!), req, res, { immutable: true });
      return;
    }
    const prefix = Object.keys(served).find((p) => url.pathname.startsWith(p));
    if (!prefix) return next();
    serveCachedFile(served[prefix]!, decodeURIComponent(url.pathname.slice(prefix.length)), req, res);
  };
  return {
    name: 'wharf-vm-assets',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

function serveCachedFile(
  dir: string,
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
  { immutable = false } = {},
): void {
  const file = normalize(join(dir, name));
  if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain');
    res.end(
      existsSync(dir)
        ? `no such file: ${name}\n`
        : immutable
          ? `this VM build is no longer on the server (a newer one replaced it): reload the page\n`
          : `${dir} is missing: run npm run build:vm\n`,
    );
    return;
  }
  const stat = statSync(file);
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Accept-Ranges', 'bytes');
  // The manifest says which build is current: always revalidate it. The rest changes only with a new build (new
  // mtime, new ETag), so a revalidation per visit is enough; the service worker keeps the offline copy.
  // A file under its build's id never changes.
  res.setHeader(
    'Cache-Control',
    immutable
      ? 'public, max-age=31536000, immutable'
      : name.endsWith('.json')
        ? 'no-cache'
        : 'public, max-age=0, must-revalidate',
  );
  res.setHeader('Content-Type', name.endsWith('.json') ? 'application/json' : 'application/octet-stream');
  if (req.headers['if-none-match'] === etag && !req.headers.range) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const range = parseRange(req.headers.range, stat.size);
  if (range === 'invalid') {
    res.statusCode = 416;
    res.setHeader('Content-Range', `bytes */${stat.size}`);
    res.end();
    return;
  }
  const [start, end] = range ?? [0, stat.size - 1];
  if (range) {
    res.statusCode = 206;
    res.setHeader('Content-Range', `bytes ${start}-${end}/${stat.size}`);
  }
  res.setHeader('Content-Length', String(end - start + 1));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file, { start, end }).pipe(res);
}

/** One `bytes=a-b` (or `a-`, `-n`) range; several ranges are answered whole, as RFC 9110 allows. */
function parseRange(header: string | undefined, size: number): [number, number] | 'invalid' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start > end || start >= size ? 'invalid' : [start, end];
}

/** dist/precache.json: the built files, so the service worker can fetch the whole app (Monaco too) for offline use. */
function precacheList(): Plugin {
  return {
    name: 'wharf-precache-list',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith('.map'));
      this.emitFile({
        type: 'asset',
        fileName: 'precache.json',
        source: JSON.stringify(['/', ...files.map((f) => `/${f}`)]),
      });
    },
  };
}
