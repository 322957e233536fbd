import { concatBytes } from '../protocol/bytes.js';
import type { VmAssets, ProgressListener } from './assets.js';
import { parseManifest, type VmManifest } from './manifest.js';
import type { RangeReader } from './range-disk.js';

/**
 * Assets served over HTTP (the browser worker): `baseUrl` is where the current build's manifest is served, e.g.
 * `/vm/`. The server must answer Range requests for the disk (the VM reads it chunk by chunk: RangeDisk).
 *
 * Every other file is read from the build that manifest names, `<baseUrl><hash>/<file>`: the disk is read chunk by
 * chunk for the VM's whole life, and a rebuild that moved "current" meanwhile must not hand a snapshot blocks of a
 * different disk (the URL names the build, so the server and the service worker's cache keys can only answer with
 * that build's bytes). A manifest without a build id (older builds) falls back to `<baseUrl><file>`.
 */
export function urlAssets(baseUrl: string, wasmUrl: string, fetchFn: typeof fetch = fetch): VmAssets {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  let buildBase: string | undefined;
  const fileUrl = (file: string) => {
    if (buildBase === undefined) throw new Error('read the manifest first: it names the build to load');
    return buildBase + file;
  };
  return {
    wasmPath: wasmUrl,
    async manifest(): Promise<VmManifest> {
      const response = await fetchFn(`${base}manifest.json`);
      if (!response.ok) throw new Error(`cannot load ${base}manifest.json: HTTP ${response.status}`);
      const manifest = parseManifest(await response.json());
      buildBase = manifest.hash ? `${base}${manifest.hash}/` : base;
      return manifest;
    },
    async load(file: string, onProgress?: ProgressListener): Promise<Uint8Array> {
      const url = fileUrl(file);
      const response = await fetchFn(url);
      if (!response.ok || !response.body) throw new Error(`cannot load ${url}: HTTP ${response.status}`);
      const total = Number(response.headers.get('content-length') ?? 0);
      const parts: Uint8Array[] = [];
      let loaded = 0;
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        loaded += value.length;
        onProgress?.(loaded, total);
      }
      return concatBytes(parts);
    },
    diskReader(file: string): RangeReader {
      const url = fileUrl(file);
      return async (start, length) => {
        const range = `bytes=${start}-${start + length - 1}`;
        const response = await fetchFn(url, { headers: { Range: range } });
        // A 200 would be the whole 4 GB disk: never read it.
        if (response.status !== 206) {
          await response.body?.cancel();
          throw new Error(`${url} answered HTTP ${response.status} to Range: ${range}, not 206`);
        }
        return new Uint8Array(await response.arrayBuffer());
      };
    },
  };
}
