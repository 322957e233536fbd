// @ts-check
/* global self, caches, fetch, Response, Headers, MessageChannel, ReadableStream, setTimeout, clearTimeout */
// Wharf's service worker. Two jobs:
// 1. Offline and second visits without downloads: the app shell, v86 and the guest build (bios, kernel, snapshot and
//    each disk range v86 reads) are served from Cache Storage once fetched. A new guest build (manifest.json changes)
//    drops the old VM files, because a snapshot only matches the exact disk it was saved with.
// 2. Previews: /preview/<port>/<path> is forwarded to the page, which hands it to the VM worker, which speaks HTTP to
//    that guest TCP port through the guest link. The page cannot open TCP to the guest; this path can.

const APP_CACHE = 'wharf-app-v1';
const VM_CACHE = 'wharf-vm-v1';
const PREVIEW = /^\/preview\/(\d{1,5})(\/.*)?$/;
/** Seconds before a preview error page loads itself again. */
const PREVIEW_RETRY_S = 4;

self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil(precacheApp());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

async function precacheApp() {
  try {
    const list = await fetch('/precache.json', { cache: 'no-cache' });
    if (!list.ok) return; // the dev server has no precache list; runtime caching covers it
    const files = /** @type {string[]} */ (await list.json());
    const cache = await caches.open(APP_CACHE);
    await Promise.all(files.map((f) => cache.add(f).catch(() => undefined)));
  } catch {
    // offline at install time: nothing to do
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const preview = PREVIEW.exec(url.pathname) ?? previewFromReferrer(request, url);
  if (preview) {
    event.respondWith(forwardPreview(request, Number(preview[1]), (preview[2] ?? '/') + url.search));
    return;
  }
  if (request.method !== 'GET') return;
  if (url.pathname.startsWith('/vm/')) {
    event.respondWith(vmFile(request, url));
    return;
  }
  if (url.pathname.startsWith('/images/')) {
    // Blobs are content-addressed (sha256 in the path): never stale. The index files name the current build.
    event.respondWith(
      url.pathname.startsWith('/images/blobs/') ? rangedCacheFirst(request, url) : networkFirst(VM_CACHE, request),
    );
    return;
  }
  // Vite's dev server modules change on every edit: leave them to the network.
  if (url.pathname.startsWith('/@') || url.pathname.startsWith('/src/') || url.pathname.startsWith('/node_modules/')) {
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(APP_CACHE, request)); // hashed names never change content
    return;
  }
  event.respondWith(networkFirst(APP_CACHE, request));
});

/**
 * A page inside the preview asked for an absolute path (`/style.css`): it means the same guest app, so keep it on
 * that app's port.
 * @param {Request} request @param {URL} url
 */
function previewFromReferrer(request, url) {
  if (!request.referrer) return null;
  const from = PREVIEW.exec(new URL(request.referrer).pathname);
  if (!from || url.pathname.startsWith('/preview/')) return null;
  return [from[0], from[1], url.pathname];
}

/** @param {string} name @param {Request} request */
async function cacheFirst(name, request) {
  const cache = await caches.open(name);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** @param {string} name @param {Request} request */
async function networkFirst(name, request) {
  const cache = await caches.open(name);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const hit = (await cache.match(request)) ?? (request.mode === 'navigate' ? await cache.match('/') : undefined);
    if (hit) return hit;
    throw error;
  }
}

/** @param {Request} request @param {URL} url */
async function vmFile(request, url) {
  if (url.pathname === '/vm/manifest.json') return vmManifest(await caches.open(VM_CACHE), request);
  return rangedCacheFirst(request, url);
}

/** @param {Request} request @param {URL} url */
async function rangedCacheFirst(request, url) {
  const cache = await caches.open(VM_CACHE);
  const range = request.headers.get('range');
  if (!range) return cacheFirst(VM_CACHE, request);
  // Cache Storage refuses 206 responses: keep each range v86 read as a 200 under its own key and rebuild the 206.
  const key = `${url.origin}${url.pathname}?range=${encodeURIComponent(range)}`;
  const hit = await cache.match(key);
  if (hit) {
    return new Response(hit.body, {
      status: 206,
      headers: {
        'Content-Range': hit.headers.get('x-content-range') ?? '',
        'Content-Type': 'application/octet-stream',
      },
    });
  }
  const response = await fetch(request);
  if (response.status === 206) {
    const body = await response.clone().arrayBuffer();
    const headers = new Headers({ 'x-content-range': response.headers.get('content-range') ?? '' });
    await cache.put(key, new Response(body, { status: 200, headers }));
  }
  return response;
}

/**
 * The manifest always comes from the network when it can: when it names a different build, the cached VM files
 * belong to the old one and are dropped before the worker asks for them.
 * @param {Cache} cache @param {Request} request
 */
async function vmManifest(cache, request) {
  try {
    const response = await fetch(request, { cache: 'no-cache' });
    if (!response.ok) return response;
    const text = await response.clone().text();
    const old = await cache.match('/vm/manifest.json');
    if (!old || (await old.text()) !== text) {
      await caches.delete(VM_CACHE);
      const fresh = await caches.open(VM_CACHE);
      await fresh.put('/vm/manifest.json', new Response(text, { headers: { 'Content-Type': 'application/json' } }));
    }
    return response;
  } catch (error) {
    const hit = await cache.match('/vm/manifest.json');
    if (hit) return hit;
    throw error;
  }
}

/**
 * Hand the request to the app's page (the one running the VM worker) and stream its answer.
 * @param {Request} request @param {number} guestPort @param {string} path
 */
async function forwardPreview(request, guestPort, path) {
  const windows = await self.clients.matchAll({ type: 'window' });
  const host = windows.find((c) => !PREVIEW.test(new URL(c.url).pathname));
  if (!host)
    return errorPage(503, 'Open Wharf in another tab first: the preview is served by its VM.', PREVIEW_RETRY_S);
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  const channel = new MessageChannel();
  const headers = [...request.headers.entries()];
  host.postMessage(
    {
      type: 'wharf/preview',
      request: { guestPort, method: request.method, path, headers, body },
      reply: channel.port2,
    },
    [channel.port2],
  );
  return new Promise((resolve) => {
    /** @type {ReadableStreamDefaultController<Uint8Array> | undefined} */
    let controller;
    const stream = new ReadableStream({ start: (c) => void (controller = c) });
    const timer = setTimeout(
      () => resolve(errorPage(504, `Guest port ${guestPort} did not answer in time.`, PREVIEW_RETRY_S)),
      60_000,
    );
    channel.port1.onmessage = (event) => {
      const msg = event.data;
      if (msg.type === 'head') {
        clearTimeout(timer);
        resolve(
          new Response(nullBody(msg.status) ? null : stream, {
            status: msg.status,
            statusText: msg.statusText,
            headers: msg.headers,
          }),
        );
      } else if (msg.type === 'body') controller?.enqueue(msg.chunk);
      else if (msg.type === 'end') {
        controller?.close();
        channel.port1.close();
      } else if (msg.type === 'error') {
        clearTimeout(timer);
        resolve(errorPage(msg.status, msg.message, PREVIEW_RETRY_S));
        controller?.error(new Error(msg.message));
        channel.port1.close();
      }
    };
  });
}

/** @param {number} status */
function nullBody(status) {
  return status === 101 || status === 204 || status === 205 || status === 304;
}

/**
 * A plain-text page: the message may carry guest text, and text/plain can't run it. Preview errors ask the browser
 * to load the page again after `refreshS` (the `Refresh` header): an app that is still starting then shows up by
 * itself, in the pane and in a tab of its own.
 * @param {number} status @param {string} message @param {number} [refreshS]
 */
function errorPage(status, message, refreshS) {
  const headers = new Headers({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  if (refreshS) headers.set('Refresh', String(refreshS));
  const retrying = refreshS ? `\nTrying again every ${refreshS} s.` : '';
  return new Response(`${message}\n${retrying}\n`, { status, headers });
}
