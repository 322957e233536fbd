// Debian packages each part of the project needs. Installed on demand (we are root on every machine of this kind).
import { ensureAptPackages, ensureForeignArch } from './apt.mjs';

/** To build the guest image from Debian's i386 packages. */
export const IMAGE_BUILD_PACKAGES = ['debootstrap', 'e2fsprogs', 'zstd', 'cpio', 'busybox-static', 'kmod'];

/** For the test tiers: headless Chromium for the browser suite, amd64 kubectl for the fast API-server suite. */
export const TEST_PACKAGES = ['chromium', 'kubernetes-client'];

export function ensureImageBuildDeps() {
  ensureForeignArch('i386');
  ensureAptPackages(IMAGE_BUILD_PACKAGES);
}

export function ensureTestSystemDeps() {
  ensureAptPackages(TEST_PACKAGES);
}
