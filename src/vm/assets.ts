import type { VmManifest } from './manifest.js';
import type { RangeReader } from './range-disk.js';

export type ProgressListener = (loaded: number, total: number) => void;

/**
 * Where a build's files come from. Node tests read the build folder; the browser worker fetches URLs. The disk is
 * never loaded whole: the VM reads the chunks the guest touches (RangeDisk), and only written blocks are kept for
 * good (so they, not the whole disk, end up in a saved state).
 */
export interface VmAssets {
  /** Read and parse manifest.json. */
  manifest(): Promise<VmManifest>;
  /** Load a whole file of the build (bios, kernel, initrd, snapshot), reporting progress. */
  load(file: string, onProgress?: ProgressListener): Promise<Uint8Array>;
  /** Reads of the disk image by byte range (Node: the file; the browser: Range requests). */
  diskReader(file: string): RangeReader;
  /**
   * Keep the build's files from being removed while a VM reads them (Node: an in-use marker that `npm run build:vm`'s
   * pruning respects); returns the release. The VM holds its assets from start to destroy.
   */
  hold?(): () => void;
  /** Path or URL of v86's wasm module. */
  readonly wasmPath: string;
}
