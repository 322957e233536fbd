// Debian packages unpacked into the cache instead of installed: tools the build and the tests run from their own
// folder (kubectl 1.20 beside a machine's newer kubectl; dockerd and containerd without a Docker service on the
// machine). `dpkg-deb -x` runs no package script and touches nothing outside the cache.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { run } from './run.mjs';
import { aptUpdate } from './apt.mjs';
import { cacheRoot } from './paths.mjs';

const toolsDir = join(cacheRoot, 'tools');

/** The versions of `pkg:arch` the machine's apt sources offer, newest first. */
function availableVersions(pkg, arch) {
  const r = spawnSync('apt-cache', ['madison', `${pkg}:${arch}`], { encoding: 'utf8' });
  return [...(r.stdout ?? '').matchAll(/^\s*\S+\s*\|\s*(\S+)\s*\|/gm)].map((m) => m[1]);
}

/** A binNMU (`+b6`) is a rebuild of the same source for one architecture: the same program. */
const sourceVersion = (version) => version.replace(/\+b\d+$/, '');

/**
 * The root folder `pkg` (for `arch`) is unpacked into, downloaded on first use.
 * @param {{ arch?: string, version?: string }} options `version`: the same source version is required (another
 *   architecture's binNMU number may differ); default: the candidate
 */
export function unpackedDeb(pkg, { arch = 'amd64', version } = {}) {
  const dir = join(toolsDir, `${pkg}_${arch}${version ? `_${version}` : ''}`);
  const root = join(dir, 'root');
  if (existsSync(root)) return root;
  let spec = `${pkg}:${arch}`;
  if (version) {
    let versions = availableVersions(pkg, arch);
    if (versions.length === 0) {
      aptUpdate();
      versions = availableVersions(pkg, arch);
    }
    const match =
      versions.find((v) => v === version) ?? versions.find((v) => sourceVersion(v) === sourceVersion(version));
    if (!match)
      throw new Error(
        `${pkg} ${version} for ${arch} is not in this machine's apt sources (they offer: ${versions.join(', ') || 'none'})`,
      );
    spec += `=${match}`;
  } else aptUpdate();
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  // As root into a folder apt's sandbox user cannot read: say so, instead of a warning per download.
  run('apt-get', ['download', '-q', '-o', 'APT::Sandbox::User=root', spec], {
    cwd: tmp,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deb = readdirSync(tmp).find((f) => f.endsWith('.deb'));
  if (!deb) throw new Error(`apt-get download ${spec} produced no .deb`);
  // -R: the files and the control data (root/DEBIAN/control: its Depends name the libraries a program needs).
  run('dpkg-deb', ['-R', join(tmp, deb), join(tmp, 'root')]);
  rmSync(join(tmp, deb));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return root;
}

/** The shared libraries an unpacked package depends on (`lib*` names of its Depends), to install on the machine. */
export function libraryDepends(root) {
  const control = readFileSync(join(root, 'DEBIAN', 'control'), 'utf8');
  const depends = control.match(/^Depends:\s*(.*)$/m)?.[1] ?? '';
  return depends
    .split(',')
    .map(
      (alternatives) =>
        alternatives
          .split('|')[0]
          .trim()
          .split(/[\s(:]/)[0],
    )
    .filter((name) => name.startsWith('lib'));
}
