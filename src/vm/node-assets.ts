import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { VmAssets, ProgressListener, AsyncDiskImage } from './assets.js';
import { markInUse } from './in-use-marker.js';
import { parseManifest, type VmManifest } from './manifest.js';

/** Assets from a build folder on disk (Node: tests, benchmarks, make-snapshot). v86 reads the disk by ranges. */
export function nodeAssets(buildDir: string): VmAssets {
  // Resolve `vm/current` now: v86 re-opens the disk file for every read, and a rebuild that moves the link while this
  // VM runs would otherwise swap the disk under the guest.
  try {
    buildDir = realpathSync(buildDir);
  } catch {
    // reported by manifest() with instructions
  }
  return {
    wasmPath: createRequire(import.meta.url).resolve('v86/build/v86.wasm'),
    hold: () => markInUse(buildDir),
    async manifest(): Promise<VmManifest> {
      const path = join(buildDir, 'manifest.json');
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        throw new Error(`no VM build at ${buildDir} (${(error as Error).message}); run \`npm run build:vm\``, {
          cause: error,
        });
      }
      return parseManifest(JSON.parse(text));
    },
    async load(file: string, onProgress?: ProgressListener): Promise<Uint8Array> {
      const data = new Uint8Array(await readFile(join(buildDir, file)));
      onProgress?.(data.length, data.length);
      return data;
    },
    disk(file: string, size: number): AsyncDiskImage {
      return { url: join(buildDir, file), async: true, size };
    },
  };
}
