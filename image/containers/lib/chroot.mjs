// Running commands inside an i386 root filesystem on the amd64 build host: natively or through qemu-user, as
// scripts/lib/i386-exec.mjs set up before the first of them. Only non-Go programs (dpkg, apt, perl, python) run here.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../../scripts/lib/run.mjs';
import { SOURCE_DATE_EPOCH } from './epoch.mjs';

const CHROOT_ENV = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  DEBIAN_FRONTEND: 'noninteractive',
  LANG: 'C.UTF-8',
  HOME: '/root',
  SOURCE_DATE_EPOCH: String(SOURCE_DATE_EPOCH),
};

/** Run `fn` with /proc and /dev available in `root`; always unmounts (lazily, so a busy mount never blocks us). */
export function withChrootMounts(root, fn) {
  mkdirSync(join(root, 'proc'), { recursive: true });
  mkdirSync(join(root, 'dev'), { recursive: true });
  run('mount', ['-t', 'proc', 'proc', join(root, 'proc')]);
  run('mount', ['--bind', '/dev', join(root, 'dev')]);
  // apt in the chroot resolves the mirror with the host's resolver; images ship an empty resolv.conf (docker
  // writes its own), so it is put back after.
  const resolv = join(root, 'etc/resolv.conf');
  rmSync(resolv, { force: true });
  copyFileSync('/etc/resolv.conf', resolv);
  try {
    return fn();
  } finally {
    unmountUnder(root);
    writeFileSync(resolv, '');
  }
}

/** Mount points at or below `dir`, deepest first. */
export function mountsUnder(dir) {
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1])
    .filter((m) => m && (m === dir || m.startsWith(dir + '/')))
    .sort()
    .reverse();
}

/** Unmount everything below `dir` (debootstrap or an interrupted build may leave /proc mounted). */
export function unmountUnder(dir) {
  for (let round = 0; round < 5; round++) {
    const mounts = mountsUnder(dir);
    if (mounts.length === 0) return;
    for (const m of mounts) spawnSync('umount', ['-l', m]);
  }
  throw new Error(`could not unmount ${mountsUnder(dir).join(', ')}`);
}

/** Run a shell script in the chroot; throws on failure. */
export function chrootSh(root, script) {
  run('chroot', [root, '/bin/sh', '-ec', script], { env: CHROOT_ENV });
}

/** Run a command in the chroot and return its stdout. */
export function chrootCapture(root, argv) {
  const r = spawnSync('chroot', [root, ...argv], { env: CHROOT_ENV, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`chroot ${argv.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Write a file into the root filesystem (parents created). */
export function writeInto(root, path, content, mode = 0o644) {
  const full = join(root, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content, { mode });
  run('chmod', [mode.toString(8), full]);
}
