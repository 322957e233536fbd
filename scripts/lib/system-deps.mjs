// Debian packages each part of the project needs. Installed on demand (we are root on every machine of this kind).
import { ensureAptPackages, ensureForeignArch } from './apt.mjs';
import { ensureKubectl120 } from './kubectl.mjs';

/** To build the guest image from Debian's i386 packages. */
export const IMAGE_BUILD_PACKAGES = [
  'debootstrap',
  'e2fsprogs',
  'zstd',
  'cpio',
  'kmod',
  // Debian's SeaBIOS for v86 (image/build/try-qemu.mjs, a dev tool, also wants qemu-system-x86: not installed here)
  'seabios',
  // the guest agent: a static i386 binary from amd64 cross tools
  'gcc-i686-linux-gnu',
  'libc6-dev-i386-cross',
];

/**
 * For the test tiers: headless Chromium for the browser suite; openssl makes the certificates of the lesson grader's
 * TLS tests (src/lessons/grade/kube-api.node.test.ts). kubectl 1.20 comes from scripts/lib/kubectl.mjs.
 */
export const TEST_PACKAGES = ['chromium', 'openssl'];

export function ensureImageBuildDeps() {
  ensureForeignArch('i386');
  ensureAptPackages(IMAGE_BUILD_PACKAGES);
}

/** Installs the test tiers' system tools; exports WHARF_KUBECTL (native kubectl 1.20) for the kubectl suite. */
export function ensureTestSystemDeps() {
  ensureAptPackages(TEST_PACKAGES);
  process.env.WHARF_KUBECTL = ensureKubectl120();
}
