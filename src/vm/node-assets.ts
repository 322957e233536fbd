import { realpathSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { VmAssets, ProgressListener } from './assets.js';
import { markInUse } from './in-use-marker.js';
import { parseManifest, type VmManifest } from './manifest.js';
import type { RangeReader } from './range-disk.js';

/** Assets from a build folder on disk (Node: tests, benchmarks, make-snapshot). The disk is read by ranges. */
export function nodeAssets(buildDir: string): VmAssets {
  // Resolve `vm/current` now: the disk file is opened for every read, and a rebuild that moves the link while this
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
    diskReader(file: string): RangeReader {
      const path = join(buildDir, file);
      return async (start, length) => {
        // Opened per read, never held: a VM that is dropped without destroy() leaks no descriptor.
        const handle = await open(path, 'r');
        try {
          const bytes = new Uint8Array(length);
          const { bytesRead } = await handle.read(bytes, 0, length, start);
          return bytes.subarray(0, bytesRead);
        } finally {
          await handle.close();
        }
      };
    },
  };
}
