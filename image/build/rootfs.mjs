// Stage 1: the Debian root filesystem. debootstrap's result depends only on the package list and the mirror, so it
// is cached (one folder per key) and each build customises a copy: changing an init script costs seconds, not minutes.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { exec, execAsync } from './exec.mjs';

export const SUITE = 'bookworm';

/** The `--include` list from image/packages.txt (comments and blank lines dropped). */
export function readPackageList(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);
}

function debootstrapArgs(packages, target, mirror, debCache) {
  return [
    '--arch=i386',
    '--variant=minbase',
    `--cache-dir=${debCache}`,
    `--include=${packages.join(',')}`,
    SUITE,
    target,
    mirror,
  ];
}

/**
 * A bootstrapped base root filesystem for this package list (built once, then reused). Asynchronous: it runs beside
 * the container images' build.
 * @param {{ packages: string[], mirror: string, workDir: string, debCache: string }} options `debCache`: this
 *   debootstrap's own .deb cache (two debootstraps sharing one folder at once could read each other's partial files)
 */
export async function baseRootfs({ packages, mirror, workDir, debCache }) {
  const key = createHash('sha256')
    .update(JSON.stringify(debootstrapArgs(packages, '', mirror, '')))
    .digest('hex')
    .slice(0, 16);
  const base = join(workDir, `base-${key}`);
  if (existsSync(base)) {
    console.log(`   reusing the bootstrapped base ${base}`);
    return base;
  }
  for (const old of readdirSync(workDir).filter((d) => d.startsWith('base-'))) {
    rmSync(join(workDir, old), { recursive: true, force: true });
  }
  const tmp = `${base}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  console.log(`   debootstrap ${SUITE} i386 (${packages.length} packages and their dependencies)`);
  // INITRD=No: the kernel package's hook skips mkinitramfs (Wharf makes its own initramfs; Debian's took minutes
  // under emulation, run once per kernel install and again by triggers), and with no initrd the triggers find none
  // to update.
  await execAsync('debootstrap', debootstrapArgs(packages, tmp, mirror, debCache), {
    env: { ...process.env, INITRD: 'No' },
  });
  renameSync(tmp, base);
  return base;
}

/** The installed packages and versions (for the manifest), read from the root filesystem's dpkg database. */
export function installedPackages(rootfs) {
  const out = exec('dpkg-query', [`--admindir=${join(rootfs, 'var/lib/dpkg')}`, '-W', '-f=${Package} ${Version}\n']);
  const packages = {};
  for (const line of out.trim().split('\n')) {
    const [name, version] = line.split(' ');
    packages[name] = version;
  }
  return packages;
}
