// amd64 builds of the guest's own Go programs (the same Debian source versions) for the build steps that run them:
// Go programs crash under qemu-user ("morestack on g0"), so a host that emulates i386 cannot run the guest's, and
// using these on every host makes both paths give the same image. They run from the cache
// (scripts/lib/unpacked-deb.mjs), never installed: no Docker service appears on the build machine.
import { join } from 'node:path';
import { ensureAptPackages } from '../../scripts/lib/apt.mjs';
import { libraryDepends, unpackedDeb } from '../../scripts/lib/unpacked-deb.mjs';

/** @param {Record<string, string>} guestVersions the guest's installed packages (rootfs.mjs installedPackages) */
function amd64Build(pkg, guestVersions) {
  const version = guestVersions[pkg];
  if (!version) throw new Error(`the guest has no ${pkg} installed (image/packages.txt)`);
  const root = unpackedDeb(pkg, { version });
  ensureAptPackages(libraryDepends(root));
  return root;
}

/** kubectl of the guest's version: `kubectl completion bash` prints the same script on every architecture. */
export function kubectlLike(guestVersions) {
  return join(amd64Build('kubernetes-client', guestVersions), 'usr/bin/kubectl');
}

/**
 * dockerd, containerd and the docker CLI of the guest's versions, as the folders to put first on PATH; runc too,
 * because dockerd refuses to start without its default runtime (no container runs).
 */
export function dockerLike(guestVersions) {
  const docker = amd64Build('docker.io', guestVersions);
  const containerd = amd64Build('containerd', guestVersions);
  const runc = amd64Build('runc', guestVersions);
  return [join(docker, 'usr/sbin'), join(docker, 'usr/bin'), join(containerd, 'usr/bin'), join(runc, 'usr/sbin')];
}
