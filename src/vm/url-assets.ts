import type { VmAssets, ProgressListener, AsyncDiskImage } from './assets.js';
import { parseManifest, type VmManifest } from './manifest.js';

/**
 * Assets served over HTTP (the browser worker): `baseUrl` is the build folder as served, e.g. `/vm/current/`.
 * The server must answer Range requests for the disk (v86 reads it block by block).
 */
export function urlAssets(baseUrl: string, wasmUrl: string, fetchFn: typeof fetch = fetch): VmAssets {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    wasmPath: wasmUrl,
    async manifest(): Promise<VmManifest> {
      const response = await fetchFn(`${base}manifest.json`);
      if (!response.ok) throw new Error(`cannot load ${base}manifest.json: HTTP ${response.status}`);
      return parseManifest(await response.json());
    },
    async load(file: string, onProgress?: ProgressListener): Promise<Uint8Array> {
      const response = await fetchFn(base + file);
      if (!response.ok || !response.body) throw new Error(`cannot load ${base}${file}: HTTP ${response.status}`);
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
      const out = new Uint8Array(loaded);
      let offset = 0;
      for (const part of parts) {
        out.set(part, offset);
        offset += part.length;
      }
      return out;
    },
    disk(file: string, size: number): AsyncDiskImage {
      return { url: base + file, async: true, size };
    },
  };
}
