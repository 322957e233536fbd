/**
 * Find Debian's kubectl 1.20 (amd64) for the kubectl suite: `WHARF_KUBECTL`, else `/usr/bin/kubectl` when it is
 * 1.20 (the `kubernetes-client` package `npm test` installs), else the package unpacked into the cache (another
 * kubectl may own /usr/bin/kubectl on a developer machine): `apt-get download` + `dpkg-deb -x`, no host names.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

function is120(path: string): boolean {
  const r = spawnSync(path, ['version', '--client', '--short'], { encoding: 'utf8' });
  return r.status === 0 && /v1\.20\./.test(r.stdout);
}

export function findKubectl(): string {
  const fromEnv = process.env.WHARF_KUBECTL;
  if (fromEnv) return fromEnv;
  if (existsSync('/usr/bin/kubectl') && is120('/usr/bin/kubectl')) return '/usr/bin/kubectl';
  const root = process.env.WHARF_CACHE ?? join(homedir(), '.cache', 'wharf');
  // Where scripts/lib/kubectl.mjs (npm test's set-up) unpacks it.
  const shared = join(root, 'tools', 'kubernetes-client', 'root', 'usr', 'bin', 'kubectl');
  if (existsSync(shared) && is120(shared)) return shared;
  const cache = join(root, 'kubectl-1.20');
  const bin = join(cache, 'usr', 'bin', 'kubectl');
  if (existsSync(bin) && is120(bin)) return bin;
  mkdirSync(cache, { recursive: true });
  execFileSync('apt-get', ['download', 'kubernetes-client:amd64'], { cwd: cache, stdio: 'inherit' });
  const deb = readdirSync(cache).find((f) => f.startsWith('kubernetes-client_') && f.endsWith('.deb'));
  if (!deb) throw new Error('apt-get download kubernetes-client produced no .deb');
  execFileSync('dpkg-deb', ['-x', join(cache, deb), cache]);
  if (!is120(bin)) throw new Error(`${bin} is not kubectl 1.20`);
  return bin;
}
