// C stand-ins for Go re-executions the emulator cannot afford (image/shortcuts/*.c), compiled like the agent:
// static i386 binaries. wharf-init registers dockerd-reexec with binfmt_misc for dockerd's own binary; the shim
// wrapper is first on containerd's PATH. A missing source is a build error, not a warning.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exec } from './exec.mjs';

const CC = 'i686-linux-gnu-gcc';
const PROGRAMS = [
  {
    out: 'usr/local/libexec/wharf/dockerd-reexec',
    sources: ['dockerd-reexec.c', 'setkey.c', 'set-ipv6.c', 'setup-resolver.c'],
  },
  { out: 'usr/local/sbin/containerd-shim-runc-v2', sources: ['shim-delete.c'] },
];

export function buildShortcuts(imageDir, rootfs) {
  for (const { out, sources } of PROGRAMS) {
    mkdirSync(dirname(join(rootfs, out)), { recursive: true });
    const src = sources.map((s) => join(imageDir, 'shortcuts', s));
    exec(CC, ['-Os', '-static', '-s', '-Wall', '-Wextra', '-Werror', '-o', join(rootfs, out), ...src]);
  }
  console.log(`   ${PROGRAMS.map((p) => `/${p.out}`).join(', ')} (dockerd's re-executions, the shim's delete)`);
}
