// The tests drive the real kubectl 1.20 (what the guest ships) natively: Debian's amd64 `kubernetes-client`.
// Machines of this kind may already have a newer `kubectl` package owning /usr/bin/kubectl, so the 1.20 binary is
// unpacked into the cache instead of installed (no file conflicts, no change to the machine's own kubectl).
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.mjs';
import { aptUpdate } from './apt.mjs';
import { cacheRoot } from './paths.mjs';

const toolsDir = join(cacheRoot, 'tools', 'kubernetes-client');
export const kubectl120 = join(toolsDir, 'root', 'usr', 'bin', 'kubectl');

/** Path of a native kubectl 1.20 binary, unpacked from Debian's package on first use. */
export function ensureKubectl120() {
  if (existsSync(kubectl120)) return kubectl120;
  rmSync(toolsDir, { recursive: true, force: true });
  mkdirSync(toolsDir, { recursive: true });
  aptUpdate();
  run('apt-get', ['download', 'kubernetes-client:amd64'], { cwd: toolsDir });
  const deb = readdirSync(toolsDir).find((f) => f.endsWith('.deb'));
  if (!deb) throw new Error('apt-get download kubernetes-client produced no .deb');
  run('dpkg-deb', ['-x', join(toolsDir, deb), join(toolsDir, 'root')]);
  return kubectl120;
}
