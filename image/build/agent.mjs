// The guest agent (image/agent/*.c, written by the VM-runtime side) compiled with Debian's i686 cross compiler into
// one static binary: no libc version coupling with the guest, and it starts fast (it is the first thing PID 1 runs).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { exec } from './exec.mjs';

const CC = 'i686-linux-gnu-gcc';

/** @returns {boolean} whether an agent was built */
export function buildAgent(agentDir, outFile) {
  const sources = existsSync(agentDir)
    ? readdirSync(agentDir)
        .filter((f) => f.endsWith('.c'))
        .sort()
    : [];
  if (sources.length === 0) {
    console.warn(`   WARNING: no ${agentDir}/*.c yet: the image has no wharf-agent (the host cannot reach the guest)`);
    return false;
  }
  exec(CC, ['-Os', '-static', '-s', '-Wall', '-o', outFile, ...sources.map((s) => join(agentDir, s))]);
  console.log(`   wharf-agent from ${sources.join(', ')}`);
  return true;
}
