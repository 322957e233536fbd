// Node only (not exported from index.ts). A build folder that a running VM reads must survive `npm run build:vm`
// pruning old builds: the VM reads the disk file lazily for the VM's whole life, so deleting the folder under it breaks
// the guest's next disk read. Contract with image/build/output.mjs (pruneBuilds): a build is in use while
// `<buildDir>/.in-use/<pid>` exists for a live process.
import { existsSync, mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const IN_USE_DIR = '.in-use';

/** Open VMs per build folder in this process: the marker goes when the last one is released. */
const holders = new Map<string, number>();
let exitHookInstalled = false;

function markerPath(buildDir: string): string {
  return join(buildDir, IN_USE_DIR, String(process.pid));
}

/**
 * Mark `buildDir` as used by this process; returns the matching release (idempotent). Best effort: a build folder
 * this process may not write to (a read-only copy) is simply not protected.
 */
export function markInUse(buildDir: string): () => void {
  const count = holders.get(buildDir) ?? 0;
  if (count === 0) {
    try {
      // Not recursive: a missing build folder is reported by the loader, not created here.
      if (!existsSync(join(buildDir, IN_USE_DIR))) {
        // Pruning ranks builds by their folder's mtime: creating the marker folder must not make an old build new.
        const { atime, mtime } = statSync(buildDir);
        mkdirSync(join(buildDir, IN_USE_DIR));
        utimesSync(buildDir, atime, mtime);
      }
      writeFileSync(markerPath(buildDir), `${new Date().toISOString()}\n`);
    } catch {
      // missing or not writable: nothing to protect
    }
  }
  holders.set(buildDir, count + 1);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // A process that ends without destroying its VMs (a failed test run) must not keep its builds forever; pruning
    // also ignores markers of dead processes, this only tidies up.
    process.on('exit', () => {
      for (const dir of holders.keys()) rmSync(markerPath(dir), { force: true });
    });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (holders.get(buildDir) ?? 1) - 1;
    if (left > 0) {
      holders.set(buildDir, left);
      return;
    }
    holders.delete(buildDir);
    rmSync(markerPath(buildDir), { force: true });
  };
}
