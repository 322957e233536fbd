/**
 * Debian's kubectl 1.20 (amd64) for the kubectl suite: `WHARF_KUBECTL` (set by `npm test`'s set-up), else the same
 * package unpacked into the cache by scripts/lib/kubectl.mjs (another kubectl may own /usr/bin/kubectl).
 */
import { spawnSync } from 'node:child_process';
import { ensureKubectl120 } from '../../scripts/lib/kubectl.mjs';

function is120(path: string): boolean {
  const r = spawnSync(path, ['version', '--client', '--short'], { encoding: 'utf8' });
  return r.status === 0 && /v1\.20\./.test(r.stdout);
}

export function findKubectl(): string {
  const bin = process.env.WHARF_KUBECTL ?? ensureKubectl120();
  if (!is120(bin)) throw new Error(`${bin} is not kubectl 1.20`);
  return bin;
}
