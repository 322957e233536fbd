// Layers as plain tar files: the full tree for a base, or the difference between two trees (with OCI whiteouts).
import {
  lstatSync,
  readdirSync,
  readlinkSync,
  mkdirSync,
  writeFileSync,
  rmSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { run } from '../../../scripts/lib/run.mjs';
import { SOURCE_DATE_EPOCH } from './epoch.mjs';

function entries(root) {
  const out = new Map();
  const walk = (rel) => {
    const names = readdirSync(join(root, rel)).sort();
    for (const name of names) {
      const path = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(root, path), { bigint: true });
      out.set(path, st);
      if (st.isDirectory()) walk(path);
    }
  };
  walk('');
  return out;
}

function sameEntry(root, lower, path, a, b) {
  if ((a.mode & 0o170000n) !== (b.mode & 0o170000n)) return false;
  if (a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid) return false;
  if (a.isSymbolicLink()) return readlinkSync(join(root, path)) === readlinkSync(join(lower, path));
  if (a.isDirectory()) return true;
  // cp -a keeps mtimes to the nanosecond, so an untouched file keeps size and mtime; anything dpkg rewrote changes.
  return a.size === b.size && a.mtimeNs === b.mtimeNs;
}

/**
 * Write `root` as a tar layer to `out`. With `lower`, only what changed relative to it goes in, plus
 * `.wh.<name>` whiteouts for what was deleted. Returns the list of member paths (for tests and logs).
 */
export function writeLayer({ root, lower, out, workDir }) {
  const upper = entries(root);
  const base = lower ? entries(lower) : new Map();
  const include = new Set();
  for (const [path, st] of upper) {
    const b = base.get(path);
    if (b && sameEntry(root, lower, path, st, b)) continue;
    include.add(path);
    // Parents go in too so the layer can be applied on its own (tools that extract it, docker load).
    for (let p = dirname(path); p !== '.'; p = dirname(p)) include.add(p);
  }
  const whiteouts = [];
  for (const path of base.keys()) {
    if (upper.has(path)) continue;
    const parent = dirname(path);
    if (parent !== '.' && !upper.has(parent)) continue; // the parent itself is whited out
    if (parent !== '.' && base.has(parent) && !upper.has(parent)) continue;
    whiteouts.push(parent === '.' ? `.wh.${path}` : `${parent}/.wh.${path.slice(parent.length + 1)}`);
  }
  const list = [...include].sort();
  mkdirSync(workDir, { recursive: true });
  const listFile = join(workDir, 'members');
  writeFileSync(listFile, list.map((p) => p + '\0').join(''));
  // Times newer than SOURCE_DATE_EPOCH (everything the build itself wrote) are clamped to it, so the same inputs
  // give byte-identical layers: the registry's blobs then match a guest disk built from an earlier run.
  const common = [
    '--format=gnu',
    '--numeric-owner',
    '--no-recursion',
    '--null',
    `--mtime=@${SOURCE_DATE_EPOCH}`,
    '--clamp-mtime',
  ];
  run('tar', ['-C', root, ...common, '-T', listFile, '-cf', out]);
  if (whiteouts.length > 0) {
    const whRoot = join(workDir, 'whiteouts');
    rmSync(whRoot, { recursive: true, force: true });
    for (const wh of whiteouts) {
      mkdirSync(join(whRoot, dirname(wh)), { recursive: true });
      writeFileSync(join(whRoot, wh), '');
    }
    const whList = join(workDir, 'whiteout-members');
    writeFileSync(
      whList,
      whiteouts
        .sort()
        .map((p) => p + '\0')
        .join(''),
    );
    run('tar', ['-C', whRoot, ...common, '--owner=0', '--group=0', '--mode=0644', '-T', whList, '-rf', out]);
  }
  return { members: list, whiteouts };
}

export function sha256File(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function fileSize(path) {
  return statSync(path).size;
}
