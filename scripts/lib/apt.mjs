// Installs Debian packages the project needs (the machine starts with only Node, npm, python3, gcc, git and apt).
// The mirror always comes from the machine's own apt sources; nothing here names a host.
import { spawnSync } from 'node:child_process';
import { run } from './run.mjs';

function isInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

let updated = false;

/** `apt-get update`, retried: one index can fail while a mirror syncs (exit 100) although our packages resolve. */
export function aptUpdate() {
  if (updated) return;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const r = spawnSync('apt-get', ['update', '-q', '-o', 'DPkg::Lock::Timeout=900'], { stdio: 'inherit' });
    if (r.status === 0) break;
    console.warn(`apt-get update exited ${r.status} (attempt ${attempt}); retrying, then going on if packages resolve`);
  }
  updated = true;
}

export function ensureForeignArch(arch) {
  const archs = spawnSync('dpkg', ['--print-foreign-architectures'], { encoding: 'utf8' }).stdout ?? '';
  if (!archs.split('\n').includes(arch)) {
    run('dpkg', ['--add-architecture', arch]);
    updated = false;
  }
}

/** Install whichever of `packages` are missing. */
export function ensureAptPackages(packages) {
  const missing = packages.filter((p) => !isInstalled(p));
  if (missing.length === 0) return;
  console.log(`installing Debian packages: ${missing.join(' ')}`);
  aptUpdate();
  // Several installers may run at once (helpers, parallel set-ups): wait for dpkg's lock instead of failing.
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=900', ...missing], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
