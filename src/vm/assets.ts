import type { VmManifest } from './manifest.js';

/** How v86 should reach the disk: ranged reads of a file path (Node) or a URL (browser), never one whole buffer. */
export interface AsyncDiskImage {
  url: string;
  async: true;
  size: number;
}

export type ProgressListener = (loaded: number, total: number) => void;

/**
 * Where a build's files come from. Node tests read the build folder; the browser worker fetches URLs. The disk is
 * never loaded whole: v86 fetches only the blocks the guest touches, and only written blocks live in memory (so they,
 * not the whole disk, end up in a saved state).
 */
export interface VmAssets {
  /** Read and parse manifest.json. */
  manifest(): Promise<VmManifest>;
  /** Load a whole file of the build (bios, kernel, initrd, snapshot), reporting progress. */
  load(file: string, onProgress?: ProgressListener): Promise<Uint8Array>;
  /** The disk as v86 should see it (range reads). */
  disk(file: string, size: number): AsyncDiskImage;
  /**
   * Keep the build's files from being removed while a VM reads them (Node: an in-use marker that `npm run build:vm`'s
   * pruning respects); returns the release. The VM holds its assets from start to destroy.
   */
  hold?(): () => void;
  /** Path or URL of v86's wasm module. */
  readonly wasmPath: string;
}
