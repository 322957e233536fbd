// The Debian base: apt/dpkg set up like the official slim images, and trimming shared by every Debian-based image.
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../../scripts/lib/run.mjs';
import { chrootSh, unmountUnder, writeInto } from './chroot.mjs';
import { SOURCE_DATE_EPOCH } from './epoch.mjs';

// Like the official slim images: packages installed later in a container skip docs, man pages and translations.
const DPKG_EXCLUDES = `# Keep container images small: no docs, man pages or translations (copyright files stay).
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
`;

const APT_CLEAN = `# Containers are rebuilt, not upgraded: drop downloaded packages after each install.
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Acquire::Languages "none";
APT::Install-Recommends "false";
`;

/** Configure apt/dpkg in the fresh debootstrap tree and fetch package lists once into `listsOut`. */
export function prepareBase(root, listsOut) {
  writeInto(root, 'etc/dpkg/dpkg.cfg.d/docker', DPKG_EXCLUDES);
  // No daemons start while packages install (there is no init in a container).
  writeInto(root, 'usr/sbin/policy-rc.d', '#!/bin/sh\nexit 101\n', 0o755);
  // Same sources as the build machine (the mirror is never named in our code).
  writeInto(root, 'etc/apt/sources.list.d/debian.sources', readFileSync('/etc/apt/sources.list.d/debian.sources'));
  rmSync(join(root, 'etc/apt/sources.list'), { force: true });
  for (let attempt = 1; ; attempt++) {
    try {
      chrootSh(root, 'apt-get update -q >/dev/null 2>&1');
      break;
    } catch (error) {
      // One index may fail while a mirror syncs (exit 100) although the packages we need still resolve: go on
      // once the main index is there, retry otherwise.
      const lists = readdirSync(join(root, 'var/lib/apt/lists'));
      if (lists.some((f) => /_bookworm_main_binary-i386_Packages$/.test(f))) {
        console.warn(`apt-get update in the image chroot: ${error.message}; main index present, going on`);
        break;
      }
      if (attempt === 3) throw error;
    }
  }
  mkdirSync(listsOut, { recursive: true });
  run('cp', ['-a', `${join(root, 'var/lib/apt/lists')}/.`, listsOut]);
  // The clean-up hook is added after the lists are fetched, so the derived builds can reuse cached .debs meanwhile.
  writeInto(root, 'etc/apt/apt.conf.d/docker-clean', APT_CLEAN);
}

/** Remove what a container image does not need. Runs on the host with paths under `root` only. */
export function trimRootfs(root) {
  if (!existsSync(join(root, 'etc/debian_version')) && !existsSync(join(root, 'bin/busybox'))) {
    throw new Error(`refusing to trim ${root}: not a root filesystem`);
  }
  unmountUnder(root);
  const script = `
    find usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete 2>/dev/null || true
    find usr/share/doc -mindepth 1 -type d -empty -delete 2>/dev/null || true
    rm -rf usr/share/man/* usr/share/info/* usr/share/lintian usr/share/linda usr/share/groff/*
    find usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} + 2>/dev/null || true
    rm -rf var/cache/apt/*.bin var/cache/apt/archives/*.deb var/cache/apt/archives/partial/*
    find var/lib/apt/lists -mindepth 1 -maxdepth 1 ! -name partial ! -name lock -exec rm -rf {} + 2>/dev/null || true
    rm -rf var/log/apt/* var/log/dpkg.log var/log/alternatives.log var/log/bootstrap.log
    rm -f var/cache/debconf/*-old var/lib/dpkg/*-old var/cache/ldconfig/aux-cache
    rm -rf tmp/* tmp/.[!.]* dev/* root/.cache
    find . -xdev -name __pycache__ -path './tmp/*' -prune -exec rm -rf {} + 2>/dev/null || true
    : > etc/resolv.conf
    echo localhost > etc/hostname
  `;
  run('sh', ['-ec', script], { cwd: root });
  writeFileSync(join(root, 'etc/resolv.conf'), '');
  // "Last password change" (days since 1970) is the build day; pin it so layers do not change from day to day.
  const day = String(Math.floor(SOURCE_DATE_EPOCH / 86400));
  for (const name of ['etc/shadow', 'etc/shadow-']) {
    const file = join(root, name);
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    const pinned = lines
      .map((l) => l.split(':'))
      .map((f) => (f.length > 2 && /^\d+$/.test(f[2]) ? [...f.slice(0, 2), day, ...f.slice(3)] : f).join(':'));
    writeFileSync(file, pinned.join('\n'));
  }
}
