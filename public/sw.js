// @ts-check
/* global self, caches, fetch, Response, Headers */
// Wharf's service worker: offline use and second visits without downloads. The app shell, v86 and the guest build
// (bios, kernel, snapshot and each disk chunk the VM read) are served from Cache Storage once fetched. A new guest
// build (manifest.json changes) drops the old VM files, because a snapshot only matches the exact disk it was saved
// with.
// Previews are not served here: they live on an origin of their own (server/preview-relay.ts), so nothing a
// previewed app runs ever passes through this worker or reaches its caches.

const APP_CACHE = 'wharf-app-v1';
const VM_CACHE = 'wharf-vm-v1';
/** The preview relay's event stream and answers: live traffic, never cached. */
const RELAY_PATHS = '/__wharf/';

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
  // Only the app's own GETs are this worker's business; everything else goes to the network untouched.
  if (url.origin !== self.location.origin || request.method !== 'GET' || url.pathname.startsWith(RELAY_PATHS)) return;
  if (url.pathname.startsWith('/vm/')) {
    event.respondWith(vmFile(request, url, event));
    return;
  }
  if (url.pathname.startsWith('/images/')) {
    // Blobs are content-addressed (sha256 in the path): never stale. The index files name the current build.
    event.respondWith(
      url.pathname.startsWith('/images/blobs/')
        ? rangedCacheFirst(request, url, event)
        : networkFirst(VM_CACHE, request),
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
  // The app is one page: a navigation anywhere else (a link from another site, an old /preview/ bookmark) is
  // answered by the network and never stored, so no outside link can add entries to the app's cache.
  if (request.mode === 'navigate' && url.pathname !== '/') {
    event.respondWith(fetch(request).catch(() => caches.match('/', { cacheName: APP_CACHE }).then(orOffline)));
    return;
  }
  event.respondWith(networkFirst(APP_CACHE, request));
});

/** @param {Response | undefined} hit */
function orOffline(hit) {
  return hit ?? new Response('Wharf is offline and not cached yet.\n', { status: 503 });
}

/** @param {string} name @param {Request} request */
async function cacheFirst(name, request) {
  const cache = await caches.open(name);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (cacheable(response)) await cache.put(request, response.clone());
  return response;
}

/**
 * Only complete answers from this origin's server are kept (never a redirect's target elsewhere, an opaque
 * answer, or an error page).
 * @param {Response} response
 */
function cacheable(response) {
  return response.ok && response.status === 200 && response.type === 'basic' && !response.redirected;
}

/** @param {string} name @param {Request} request */
async function networkFirst(name, request) {
  const cache = await caches.open(name);
  try {
    const response = await fetch(request);
    if (cacheable(response)) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const hit = (await cache.match(request)) ?? (request.mode === 'navigate' ? await cache.match('/') : undefined);
    if (hit) return hit;
    throw error;
  }
}

/** @param {Request} request @param {URL} url @param {FetchEvent} event */
async function vmFile(request, url, event) {
  if (url.pathname === '/vm/manifest.json') return vmManifest(await caches.open(VM_CACHE), request);
  return rangedCacheFirst(request, url, event);
}

/**
 * The guest's disk (and image blobs) by range. The VM asks for aligned chunks (src/vm/range-disk.ts), so the same
 * ranges come back on the next visit. The answer does not wait for the cache: the guest's disk request does, and a
 * slow or refused cache write (storage full) must not stall or fail it.
 * @param {Request} request @param {URL} url @param {FetchEvent} event
 */
async function rangedCacheFirst(request, url, event) {
  const cache = await caches.open(VM_CACHE);
  const range = request.headers.get('range');
  if (!range) return cacheFirst(VM_CACHE, request);
  // Cache Storage refuses 206 responses: keep each range read as a 200 under its own key and rebuild the 206.
  const key = `${url.origin}${url.pathname}?range=${encodeURIComponent(range)}`;
  const hit = await cache.match(key).catch(() => undefined);
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
    const headers = new Headers({ 'x-content-range': response.headers.get('content-range') ?? '' });
    const stored = response
      .clone()
      .arrayBuffer()
      .then((body) => cache.put(key, new Response(body, { status: 200, headers })))
      .catch(() => undefined); // not kept: the next visit reads it from the network again
    event.waitUntil(stored);
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
