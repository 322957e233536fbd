// Docker's runtime wrapper and network-key hook (image/netkey/*.c): two static i386 binaries compiled like the
// agent. daemon.json's default runtime is /usr/local/libexec/wharf/wharf-crun, so the image cannot run containers
// without them: a missing source is a build error, not a warning.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { exec } from './exec.mjs';

const CC = 'i686-linux-gnu-gcc';
const PROGRAMS = ['wharf-crun', 'wharf-setkey'];

export function buildNetkey(imageDir, rootfs) {
  const outDir = join(rootfs, 'usr/local/libexec/wharf');
  mkdirSync(outDir, { recursive: true });
  for (const name of PROGRAMS)
    exec(CC, ['-Os', '-static', '-s', '-Wall', '-o', join(outDir, name), join(imageDir, 'netkey', `${name}.c`)]);
  console.log(`   ${PROGRAMS.join(', ')} (Docker's runtime wrapper and network-key hook)`);
}
