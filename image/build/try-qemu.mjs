#!/usr/bin/env node
// Boot a guest build in qemu and run commands in its serial root shell, printing each one's output and time.
// A quick check of an image without v86 (qemu TCG is several times faster than v86; KVM far more):
//   node image/build/try-qemu.mjs [--dir BUILD] [--keep] 'docker info' 'docker run --rm busybox echo hi'
// Exits non-zero when a command fails. The registry/API ports of the host are reachable from the guest at
// 192.168.86.1 (qemu's user network), like in v86.
import { spawn, spawnSync } from 'node:child_process';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { join } from 'node:path';
import { vmCacheDir } from '../../scripts/lib/paths.mjs';
import { readManifest } from './output.mjs';
import { qemuArgs } from './qemu.mjs';

const argv = process.argv.slice(2);
let dir = join(vmCacheDir, 'current');
const commands = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--dir') dir = argv[++i];
  else commands.push(argv[i]);
}
if (spawnSync('qemu-system-i386', ['--version']).error)
  throw new Error('qemu-system-i386 not found: apt-get install qemu-system-x86 (the image build does not need it)');
const manifest = readManifest(dir);
if (!manifest) throw new Error(`no guest build in ${dir} (run npm run build:vm)`);

const child = spawn(
  'qemu-system-i386',
  qemuArgs({
    bzImage: join(dir, manifest.files.bzimage),
    initrd: join(dir, manifest.files.initrd),
    // A throw-away overlay keeps the build's disk untouched (snapshot=on).
    disk: `${join(dir, manifest.files.disk)},snapshot=on`,
    cmdline: manifest.cmdline,
    kvm: process.env.WHARF_QEMU_ACCEL === 'kvm',
    memoryMB: manifest.memoryMB,
  }),
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
let buffer = '';
let waiter = null;
child.stdout.on('data', (d) => {
  buffer += d.toString('utf8');
  if (process.env.WHARF_QEMU_VERBOSE) process.stderr.write(d);
  waiter?.();
});
child.on('exit', () => waiter?.());

function waitFor(regex, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${regex}\n${buffer.slice(-2000)}`)),
      timeoutMs,
    );
    waiter = () => {
      const m = buffer.match(regex);
      if (m) {
        clearTimeout(timer);
        waiter = null;
        buffer = buffer.slice(m.index + m[0].length);
        resolve(m);
      } else if (child.exitCode !== null) {
        clearTimeout(timer);
        reject(new Error(`qemu exited\n${buffer.slice(-2000)}`));
      }
    };
    waiter();
  });
}

const t0 = Date.now();
const poke = setInterval(() => child.stdin.write('echo RE""ADY\n'), 2000);
await waitFor(/READY\r?\n/, 600_000);
clearInterval(poke);
await new Promise((r) => setTimeout(r, 500));
buffer = '';
console.log(`shell answered after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
let failed = 0;
for (const command of commands) {
  const t = Date.now();
  child.stdin.write(`${command}; echo "__DO""NE__ $?"\n`);
  const m = await waitFor(/([\s\S]*?)__DONE__ (\d+)\r?\n/, 900_000);
  const seconds = ((Date.now() - t) / 1000).toFixed(2);
  const output = m[1].split('\n').slice(1).join('\n').trimEnd(); // drop the echoed command line
  console.log(`\n$ ${command}   [exit ${m[2]}, ${seconds} s]\n${output}`);
  if (m[2] !== '0') failed++;
}
child.kill('SIGKILL');
process.exit(failed ? 1 : 0);
