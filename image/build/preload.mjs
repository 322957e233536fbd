// The curated container images (nginx, python, busybox, ...) pre-loaded into the guest's Docker store. Another part
// of the build makes them from Debian packages: image/containers/ (see its README.md). Its entry point writes a
// docker-save tarball; we run it and load
// the tarball it leaves. Until that part exists the
// guest simply ships without pre-loaded images.
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawn } from 'node:child_process';
import { hashFile } from './hash.mjs';

/**
 * @returns {Promise<{ tar: string, sha256: string, distribution: string | null } | null>} `distribution`: dockerd's
 *   blob<->layer records for these images, to install into the guest's Docker store (pulls and pushes then skip the
 *   layers the registry already has; image/containers/README.md)
 */
export async function preloadTarball({ imageDir, cacheRoot }) {
  const entry = join(imageDir, 'containers', 'build.mjs');
  if (process.env.WHARF_PRELOAD === '0') {
    console.warn('   WHARF_PRELOAD=0: building without pre-loaded container images');
    return null;
  }
  if (process.env.WHARF_PRELOAD_TAR) {
    // A given tarball instead of running the images build (working on the guest while that build is in flux).
    const tar = realpathSync(process.env.WHARF_PRELOAD_TAR);
    console.log(`   WHARF_PRELOAD_TAR: ${tar}`);
    return withDistribution(tar, await cachedHash(tar, join(cacheRoot, 'work', 'preload-hash.json')));
  }
  if (!existsSync(entry)) {
    console.warn('   WARNING: image/containers/build.mjs does not exist yet: no pre-loaded container images');
    return null;
  }
  // It prints its own progress, caches its own work and leaves the tarball at images/current/preload.tar. The guest
  // build has already made sure i386 programs run (WHARF_I386_READY): the two must not set that up at once.
  const child = spawn('node', [entry], { stdio: 'inherit', env: { ...process.env, WHARF_I386_READY: '1' } });
  const status = await new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? signal)));
  if (status !== 0) throw new Error(`node ${entry} exited with ${status}`);
  const named = join(cacheRoot, 'images', 'current', 'preload.tar');
  if (!existsSync(named)) throw new Error(`${entry} succeeded but left no ${named}`);
  const tar = realpathSync(named);
  return withDistribution(tar, await cachedHash(tar, join(cacheRoot, 'work', 'preload-hash.json')));
}

function withDistribution(tar, sha256) {
  const distribution = join(dirname(tar), 'docker-distribution');
  return { tar, sha256, distribution: existsSync(distribution) ? distribution : null };
}

/** The tarball's sha256, remembered by size and mtime so an unchanged build stays instant. */
async function cachedHash(tar, memoFile) {
  const { size, mtimeMs } = statSync(tar);
  const memo = existsSync(memoFile) ? JSON.parse(readFileSync(memoFile, 'utf8')) : {};
  if (memo.tar === tar && memo.size === size && memo.mtimeMs === mtimeMs) return memo.sha256;
  const sha256 = await hashFile(tar);
  mkdirSync(join(memoFile, '..'), { recursive: true });
  writeFileSync(memoFile, JSON.stringify({ tar, size, mtimeMs, sha256 }));
  return sha256;
}
