// The build's output folder: ~/.cache/wharf/vm/<hash>/ appears only once complete (built in a temp folder, then
// renamed), and `current` points at the newest complete build.
import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** How many complete builds to keep: others' tests may still be using the previous one. */
const KEEP_BUILDS = 2;

export function readManifest(dir) {
  const file = join(dir, 'manifest.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

export function writeManifest(dir, manifest) {
  const file = join(dir, 'manifest.json');
  writeFileSync(`${file}.tmp`, JSON.stringify(manifest, null, 2) + '\n');
  renameSync(`${file}.tmp`, file);
}

/** Point `current` at this build (replaced atomically). */
export function setCurrent(vmDir, hash) {
  const link = join(vmDir, 'current');
  const tmp = join(vmDir, `.current-${process.pid}`);
  rmSync(tmp, { force: true });
  symlinkSync(hash, tmp);
  renameSync(tmp, link);
}

/** Drop stale temp folders of interrupted builds and all but the newest complete builds. */
export function pruneBuilds(vmDir, keepHash) {
  const entries = existsSync(vmDir) ? readdirSync(vmDir) : [];
  for (const name of entries.filter((n) => n.startsWith('.tmp-'))) {
    const pid = Number(name.split('-').pop());
    if (!pidAlive(pid)) rmSync(join(vmDir, name), { recursive: true, force: true });
  }
  const builds = entries
    .filter((n) => /^[0-9a-f]{16,}$/.test(n) && n !== keepHash && existsSync(join(vmDir, n, 'manifest.json')))
    .sort((a, b) => statSync(join(vmDir, b)).mtimeMs - statSync(join(vmDir, a)).mtimeMs);
  for (const old of builds.slice(KEEP_BUILDS - 1)) {
    const users = inUseBy(join(vmDir, old));
    if (users.length > 0) {
      console.log(`   keeping the old build ${old}: a running VM reads it (process ${users.join(', ')})`);
      continue;
    }
    rmSync(join(vmDir, old), { recursive: true, force: true });
  }
}

/**
 * Processes whose VM reads this build: v86 reads the disk lazily for the VM's whole life, so the folder must stay.
 * Contract with src/vm/in-use-marker.ts: `<build>/.in-use/<pid>` per process; markers of dead processes are stale.
 */
export function inUseBy(buildDir) {
  const dir = join(buildDir, '.in-use');
  if (!existsSync(dir)) return [];
  const live = [];
  for (const name of readdirSync(dir)) {
    const pid = Number(name);
    if (pidAlive(pid)) live.push(pid);
    else rmSync(join(dir, name), { force: true });
  }
  return live;
}

function pidAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM'; // alive, another user's
  }
}
