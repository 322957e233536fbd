// Stage: the guest's Docker store, filled on the build host before the disk is made. amd64 builds of the guest's own
// containerd, dockerd and docker CLI (the same Debian versions, image/build/host-tools.mjs) run image/build/
// docker-load.sh, which `docker load`s the curated images into the root filesystem's /var/lib/docker (overlay2):
// seconds, where a qemu TCG boot took 6-8 minutes, and the same on a host that runs i386 code and one that emulates
// it (Go programs crash under qemu-user). It runs in private mount, network, PID and cgroup namespaces: the daemons
// see no host network, every mount vanishes with the namespace and --kill-child ends both daemons even if this build
// is killed.
import { appendFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { currentLogFile, exec } from './exec.mjs';
import { missingRefs, savedRefs } from '../../scripts/lib/docker-save.mjs';
import { dockerLike } from './host-tools.mjs';

const script = new URL('./docker-load.sh', import.meta.url).pathname;

/**
 * @param {{ rootfs: string, preloadTar?: string, guestVersions: Record<string, string> }} options `rootfs`: an
 *   absolute path without symlinks; `guestVersions`: its installed packages (the tools match them)
 * @returns {{ images: string[] }} the `repository:tag`s in the store
 */
export function fillDockerStore({ rootfs, preloadTar, guestVersions }) {
  const tools = dockerLike(guestVersions);
  const args = ['--mount', '--net', '--pid', '--cgroup', '--fork', '--kill-child', 'sh', script, rootfs];
  if (preloadTar) args.push(preloadTar);
  appendFileSync(currentLogFile(), `\n$ unshare ${args.join(' ')}\n`);
  const result = spawnSync('unshare', args, {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { PATH: [...tools, '/usr/sbin', '/usr/bin', '/sbin', '/bin'].join(':'), LANG: 'C.UTF-8' },
  });
  if (result.error) throw new Error(`cannot run unshare: ${result.error.message}`);
  const output = `${result.stdout}${result.stderr}`;
  appendFileSync(currentLogFile(), output);
  const lines = output.split('\n');
  for (const line of lines)
    if (/^docker-load: (?!image )/.test(line) || /error|fail/i.test(line)) console.log(`   | ${line}`);
  if (result.status !== 0 || !lines.includes('docker-load: OK'))
    throw new Error(
      `loading the images into the Docker store failed (exit ${result.status ?? result.signal})\n${lines.slice(-30).join('\n')}`,
    );

  const images = lines
    .filter((l) => l.startsWith('docker-load: image '))
    .map((l) => l.slice('docker-load: image '.length));
  if (preloadTar) {
    const missing = missingRefs(savedRefs(exec('tar', ['-xOf', preloadTar, 'manifest.json'])), images);
    if (missing.length > 0) throw new Error(`docker load left out ${missing.join(', ')}`);
    console.log(`   ${images.length} image references in the store`);
  }
  removeBuildHostState(rootfs);
  return { images };
}

/**
 * What the build-host daemons leave that the guest must make itself: the network db of a start without bridge or
 * iptables (the guest's first dockerd start creates its own, with the default bridge), and Docker's scratch dir.
 * Sockets, pid files, exec-root and containerd's root/state were on tmpfs mounts and are gone already.
 */
function removeBuildHostState(rootfs) {
  const docker = join(rootfs, 'var/lib/docker');
  rmSync(join(docker, 'network'), { recursive: true, force: true });
  const tmp = join(docker, 'tmp');
  if (existsSync(tmp)) for (const entry of readdirSync(tmp)) rmSync(join(tmp, entry), { recursive: true, force: true });
  for (const leftover of ['run/wharf-build', 'var/lib/containerd'])
    if (existsSync(join(rootfs, leftover)))
      throw new Error(`the build-host daemons left ${leftover} in the root filesystem`);
}
