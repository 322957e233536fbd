#!/usr/bin/env node
// `npm run build:vm`: build (or reuse) the Wharf guest from Debian bookworm i386 packages. Stages and the output
// contract are described in docs/guest-image.md; the stages themselves live in image/build/.
//   node scripts/build-vm.mjs [--force]
// Output: $WHARF_CACHE/vm/<hash>/{bzImage,initrd.img,disk.img,bios.bin,manifest.json}, `vm/current` -> newest.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cacheRoot, repoRoot, vmCacheDir } from './lib/paths.mjs';
import { IMAGE_BUILD_PACKAGES, ensureImageBuildDeps } from './lib/system-deps.mjs';
import { stage, totalSeconds } from '../image/build/stage.mjs';
import { exec, setLogFile, currentLogFile } from '../image/build/exec.mjs';
import { hashFile, hashInputs, listFiles } from '../image/build/hash.mjs';
import { debianMirror } from '../image/build/mirror.mjs';
import { baseRootfs, installedPackages, readPackageList } from '../image/build/rootfs.mjs';
import { customise } from '../image/build/customise.mjs';
import { buildShortcuts } from '../image/build/shortcuts.mjs';
import { buildInitramfs, extractKernel } from '../image/build/kernel.mjs';
import { DISK_BYTES, allocatedBytes, makeDisk } from '../image/build/disk.mjs';
import { preloadTarball } from '../image/build/preload.mjs';
import { fillDockerStore } from '../image/build/docker-store.mjs';
import { ensureI386 } from './lib/i386-exec.mjs';
import { pruneBuilds, readManifest, setCurrent, writeManifest } from '../image/build/output.mjs';

/** Kernel command line (v86 and image/build/try-qemu.mjs boot the same). Why each flag: docs/guest-image.md. */
export const CMDLINE =
  'console=ttyS0 rw tsc=reliable mitigations=off random.trust_cpu=on quiet loglevel=3 init_on_free=1 root=/dev/sda';
export const MEMORY_MB = 512;
const BIOS = '/usr/share/seabios/bios.bin';

const imageDir = join(repoRoot, 'image');
const workDir = join(cacheRoot, 'work');
// The guest's debootstrap has a .deb cache of its own: it runs beside the container images' debootstrap.
const debCache = join(cacheRoot, 'debs', 'guest-rootfs');

function contentHash(preload) {
  // image/containers/ is covered by its output (the tarball's hash): its README changing must not rebuild the disk.
  // This orchestrator is not hashed: the stages that shape the output live in image/build/.
  // The snapshot's own inputs count too: the spare login shell in the saved state must match the worker's terminal
  // command byte for byte, and make-snapshot.ts decides what else the state holds (primed page cache).
  const files = [
    ...listFiles(imageDir)
      .filter((f) => !f.startsWith('containers/'))
      .map((f) => `image/${f}`),
    'scripts/make-snapshot.ts',
    'src/worker/terminal-command.ts',
  ];
  return hashInputs({
    root: repoRoot,
    files,
    extra: {
      buildPackages: IMAGE_BUILD_PACKAGES.join(','),
      cmdline: CMDLINE,
      memoryMB: String(MEMORY_MB),
      diskBytes: String(DISK_BYTES),
      preload: preload?.sha256 ?? 'none',
    },
  }).slice(0, 24);
}

/** A file's sha256 as the page computes it (hash.mjs's hashFile abbreviates zero MiBs, for the disk). */
function plainSha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Last step: the pre-booted v86 state, made by the VM runtime's own script once it exists. */
function snapshot(buildDir) {
  const script = join(repoRoot, 'scripts', 'make-snapshot.ts');
  if (!existsSync(script)) {
    console.log('   scripts/make-snapshot.ts does not exist yet: no snapshot (the VM cold-boots)');
    return;
  }
  if (readManifest(buildDir)?.snapshot) {
    console.log('   the build already has a snapshot');
    return;
  }
  const result = spawnSync(join(repoRoot, 'node_modules', '.bin', 'tsx'), [script, buildDir], { stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`tsx scripts/make-snapshot.ts exited with ${result.status ?? result.signal}`);
}

async function build(hash, preload, i386, base) {
  const tmp = join(vmCacheDir, `.tmp-${hash}-${process.pid}`);
  const rootfs = join(workDir, `rootfs-${process.pid}`);
  const initramfsDir = join(workDir, `initramfs-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  try {
    const installed = await stage('copy and customise', () => {
      rmSync(rootfs, { recursive: true, force: true });
      exec('cp', ['-a', base, rootfs]);
      const versions = installedPackages(rootfs);
      const kernel = extractKernel(rootfs, join(tmp, 'bzImage'));
      const { agent } = customise({ rootfs, imageDir, guestVersions: versions });
      buildShortcuts(imageDir, rootfs);
      if (preload?.distribution) {
        const target = join(rootfs, 'var/lib/docker/image/overlay2/distribution');
        mkdirSync(target, { recursive: true });
        exec('cp', ['-a', '--no-preserve=ownership', `${preload.distribution}/.`, target]);
      }
      return { versions, kernel, agent };
    });
    await stage(
      `Docker store (amd64 dockerd of the guest's version${preload ? ', docker load of the pre-loaded images' : ''})`,
      () =>
        fillDockerStore({ rootfs: realpathSync(rootfs), preloadTar: preload?.tar, guestVersions: installed.versions }),
    );
    await stage('initramfs', () =>
      buildInitramfs({
        rootfs,
        initramfsSrc: join(imageDir, 'initramfs'),
        workDir: initramfsDir,
        outFile: join(tmp, 'initrd.img'),
      }),
    );
    const rootfsBytes = Number(exec('du', ['-sb', rootfs]).split('\t')[0]);
    const diskBytes = await stage('ext4 disk image', () => makeDisk(rootfs, join(tmp, 'disk.img')));
    copyFileSync(BIOS, join(tmp, 'bios.bin'));
    const diskHash = await stage('disk hash', () => hashFile(join(tmp, 'disk.img')));
    const files = { bios: 'bios.bin', bzimage: 'bzImage', initrd: 'initrd.img', disk: 'disk.img' };
    // What the runtime checks each downloaded file against: sizes, and plain sha256 of the small files (the disk is
    // read range by range; diskHash names it).
    const fileBytes = {};
    const fileSha256 = {};
    for (const [name, file] of Object.entries(files)) {
      fileBytes[name] = statSync(join(tmp, file)).size;
      if (name !== 'disk') fileSha256[name] = plainSha256(join(tmp, file));
    }
    writeManifest(tmp, {
      hash,
      cmdline: CMDLINE,
      memoryMB: MEMORY_MB,
      diskBytes,
      diskHash,
      files,
      fileBytes,
      fileSha256,
      kernel: installed.kernel,
      agent: installed.agent,
      preload: preload ? { sha256: preload.sha256 } : null,
      // How the build host ran the guest's i386 package scripts; not part of the hash: both paths give the same image.
      i386: i386.path,
      rootfsBytes,
      diskAllocatedBytes: allocatedBytes(join(tmp, 'disk.img')),
      packages: installed.versions,
      buildSeconds: totalSeconds(),
      createdAt: new Date().toISOString(),
    });
    const out = join(vmCacheDir, hash);
    rmSync(out, { recursive: true, force: true });
    renameSync(tmp, out);
    return out;
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
    rmSync(initramfsDir, { recursive: true, force: true });
  }
}

async function main() {
  const force = process.argv.includes('--force');
  mkdirSync(workDir, { recursive: true });
  mkdirSync(debCache, { recursive: true });
  setLogFile(join(workDir, 'build.log'));
  rmSync(currentLogFile(), { force: true });
  console.log(`tool output: ${currentLogFile()}`);
  const i386 = await stage('build tools (Debian packages; how this host runs i386 programs)', () => {
    ensureImageBuildDeps();
    const how = ensureI386({ workDir });
    console.log(`   i386 programs: ${how.how}`);
    return how;
  });
  let hash;
  try {
    // The container images and the guest's Debian base do not depend on each other, and where i386 is emulated each
    // keeps about one core busy for minutes: they are made side by side (each is cached, so usually both are instant).
    const packages = readPackageList(join(imageDir, 'packages.txt'));
    const [preload, base] = await Promise.all([
      stage('pre-loaded container images', () => preloadTarball({ imageDir, cacheRoot })),
      stage('Debian root filesystem (debootstrap, cached)', () =>
        baseRootfs({ packages, mirror: debianMirror(), workDir, debCache }),
      ),
    ]);
    hash = contentHash(preload);
    const existing = join(vmCacheDir, hash);
    if (!force && readManifest(existing)) {
      console.log(`guest image up to date: ${existing} (no input changed)`);
    } else {
      const out = await build(hash, preload, i386, base);
      const m = readManifest(out);
      console.log(
        `guest image built in ${m.buildSeconds} s: ${out}\n` +
          `   rootfs ${(m.rootfsBytes / 1e6).toFixed(0)} MB, disk ${(m.diskBytes / 1e9).toFixed(1)} GB apparent, ` +
          `${(m.diskAllocatedBytes / 1e6).toFixed(0)} MB allocated`,
      );
    }
  } finally {
    i386.release();
  }
  setCurrent(vmCacheDir, hash);
  pruneBuilds(vmCacheDir, hash);
  await stage('snapshot', () => snapshot(join(vmCacheDir, hash)));
  recordSnapshotHash(join(vmCacheDir, hash));
}

/**
 * The snapshot's plain sha256 beside its size, for the page to check the download against (src/vm/asset-integrity.ts).
 * Written here rather than by make-snapshot.ts, so builds made before it get it too without a rebuild.
 */
function recordSnapshotHash(buildDir) {
  const manifest = readManifest(buildDir);
  if (!manifest?.snapshot || manifest.snapshot.sha256) return;
  const file = join(buildDir, manifest.snapshot.file);
  manifest.snapshot.sha256 = plainSha256(file);
  writeManifest(buildDir, manifest);
}

/** One build at a time per cache (several helpers' test runs may start one at once): re-run under flock. */
function underLock() {
  if (process.env.WHARF_BUILD_VM_LOCKED === '1') return false;
  mkdirSync(vmCacheDir, { recursive: true });
  const result = spawnSync('flock', [join(vmCacheDir, '.lock'), process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, WHARF_BUILD_VM_LOCKED: '1' },
  });
  process.exit(result.status ?? 1);
}

if (!underLock())
  main().catch((error) => {
    console.error(`\n\x1b[31m${error.message}\x1b[0m`);
    process.exit(1);
  });
