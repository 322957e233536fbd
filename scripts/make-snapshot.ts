#!/usr/bin/env tsx
// `tsx scripts/make-snapshot.ts <builddir>`: cold-boot a guest build in v86 (Node), wait until Docker answers, drop
// the page cache, save the emulator state and compress it with Debian's zstd into <builddir>/state.zst; records
// {snapshot: {file, bytes, diskHash, ...}} in manifest.json. scripts/build-vm.mjs runs this as its last step.
// Options: --level N (zstd level, default 19), --no-long (no long-distance matching), --keep-raw (keep state.bin),
// --warm-cache (skip drop_caches: a bigger state, fewer disk reads after restore), --no-prime (leave the page cache
// empty instead of priming it with the first commands' working set), --no-spare-shell (no idle login shell in the state).
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startVm } from '../src/vm/vm.js';
import { nodeAssets } from '../src/vm/node-assets.js';
import { SPARE_TERMINAL_SIZE, TERMINAL_COMMAND } from '../src/worker/terminal-command.js';

const args = process.argv.slice(2);
const buildDir = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
if (!buildDir) {
  console.error(
    'usage: tsx scripts/make-snapshot.ts <builddir> [--level N] [--no-long] [--keep-raw] [--warm-cache] [--no-prime]',
  );
  process.exit(2);
}
const levelArg = args.indexOf('--level');
const level = levelArg >= 0 ? Number(args[levelArg + 1]) : 19;
const dir = resolve(buildDir);
const prime = !args.includes('--no-prime');
const spareShell = !args.includes('--no-spare-shell');
/** How long the spare shell must stay silent after printing to count as waiting at its prompt. */
const SPARE_QUIET_MS = 2000;
const READ_AHEAD = '/sys/block/sda/queue/read_ahead_kb';
/** What the page cache is primed with after dropping it (see below): the common first commands of the lessons. */
const PRIME_COMMANDS: readonly string[][] = [
  ['docker', 'ps'],
  ['docker', 'images'],
  ['docker', 'run', '--rm', '--network', 'none', 'busybox', 'true'],
  ['bash', '-i', '-c', 'true'],
];
const started = Date.now();
const say = (msg: string) => console.log(`   [snapshot ${((Date.now() - started) / 1000).toFixed(1)} s] ${msg}`);
const text = (b: Uint8Array) => new TextDecoder().decode(b).trim();

// One snapshot run per build at a time (two would write the same files).
const lockPath = join(dir, '.snapshot.lock');
try {
  const holder = Number(readFileSync(lockPath, 'utf8'));
  if (holder && holder !== process.pid && pidAlive(holder)) {
    console.error(`make-snapshot: process ${holder} is already snapshotting ${dir}`);
    process.exit(1);
  }
} catch {
  // no lock yet
}
writeFileSync(lockPath, String(process.pid));
process.on('exit', () => rmSync(lockPath, { force: true }));

/** The guest's page cache ("Cached" of /proc/meminfo), for the log. */
async function cachedMb(): Promise<string> {
  const meminfo = text((await vm.link.exec(['cat', '/proc/meminfo'])).stdout);
  const kb = Number(/^Cached:\s+(\d+)/m.exec(meminfo)?.[1] ?? NaN);
  return `${(kb / 1024).toFixed(1)} MB`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const manifestPath = join(dir, 'manifest.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
delete manifest.snapshot; // a cold boot, whatever the manifest said before

say('cold-booting the guest in v86 (about a minute)');
const vm = await startVm({
  assets: nodeAssets(dir),
  boot: 'cold',
  warmUp: false,
  readyTimeoutMs: 600_000,
  hangTimeoutMs: 120_000,
  onEvent: (e) => {
    if (e.type === 'ready') say(`guest agent answered after ${(e.ms / 1000).toFixed(1)} s`);
    if (e.type === 'crashed') say(`guest crashed: ${e.reason}`);
  },
});
// The guest's console goes to a log next to the build: the first place to look when a boot fails.
const consoleLog = join(dir, 'make-snapshot.log');
writeFileSync(consoleLog, '');
vm.serial.onData((d) => appendFileSync(consoleLog, d));
try {
  // Generous limits: on a busy machine the emulated dockerd can need many minutes to come up.
  const deadline = Date.now() + 1_800_000;
  for (;;) {
    const r = await vm.link
      .exec(['docker', 'info', '--format', '{{.ServerVersion}} {{.Driver}}'], { timeoutMs: 300_000 })
      .catch((error: Error) => ({
        exitCode: -1,
        stdout: new Uint8Array(),
        stderr: new TextEncoder().encode(error.message),
      }));
    if (r.exitCode === 0) {
      say(`Docker Engine ${text(r.stdout)} is up`);
      break;
    }
    if (Date.now() > deadline) throw new Error(`Docker did not come up: ${text(r.stderr)}`);
    say(`waiting for Docker (${text(r.stderr).split('\n')[0]})`);
    await new Promise((r) => setTimeout(r, 2000));
  }
  // The first runs of the CLIs fault their pages in and let dockerd/containerd settle before the state is frozen.
  for (const argv of [
    ['docker', 'ps'],
    ['docker', 'images'],
    ['kubectl', 'version', '--client'],
  ]) {
    const t = Date.now();
    const r = await vm.link.exec(argv, { timeoutMs: 600_000 });
    say(`${argv.join(' ')}: exit ${r.exitCode} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const readAhead = text((await vm.link.exec(['cat', READ_AHEAD])).stdout) || '128';
  if (!args.includes('--warm-cache')) {
    // Freed page cache would otherwise be saved as data; init_on_free=1 zeroes it, so it compresses to nothing.
    await vm.link.exec(['sh', '-c', 'sync; echo 3 > /proc/sys/vm/drop_caches'], { timeoutMs: 600_000 });
  } else {
    await vm.link.exec(['sync'], { timeoutMs: 600_000 });
  }
  if (prime) {
    // Then read back only what a learner's first commands touch (the pages of the docker CLI, dockerd's request
    // paths, the shim, crun, busybox's layer): after a restore these are page-cache hits instead of disk reads,
    // which in the browser are HTTP range requests. Readahead is off meanwhile: it would pull in whole stretches of
    // the binaries around each page fault, and those would all be saved (and downloaded) with the state.
    say(`page cache before priming: ${await cachedMb()}`);
    await vm.link.exec(['sh', '-c', `echo 0 > ${READ_AHEAD}`]);
    for (const argv of PRIME_COMMANDS) {
      const t = Date.now();
      const r = await vm.link.exec(argv, { timeoutMs: 600_000 });
      say(`primed the page cache: ${argv.join(' ')}: exit ${r.exitCode} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    await vm.link.exec(['sh', '-c', `sync; echo ${readAhead} > ${READ_AHEAD}`], { timeoutMs: 600_000 });
    say(`page cache after priming: ${await cachedMb()}`);
  }
  if (spareShell) {
    // Last: the learner's first terminal, started now, so the saved state holds a login shell showing its prompt. The
    // agent keeps it across the restore's reset and hands it to the first terminal that asks for the same command:
    // a login shell started after a restore costs seconds of a JIT-cold guest. (After the priming, so the page-cache
    // drop above cannot evict what the shell touched.)
    const t = Date.now();
    const pid = await vm.link.spawnSpare(TERMINAL_COMMAND.argv, {
      cwd: TERMINAL_COMMAND.cwd,
      env: { ...TERMINAL_COMMAND.env },
      tty: SPARE_TERMINAL_SIZE,
    });
    for (;;) {
      const status = await vm.link.spareStatus(60_000);
      if (!status) throw new Error(`the spare login shell (${TERMINAL_COMMAND.argv.join(' ')}) exited`);
      if (status.heldBytes > 0 && status.quietMs >= SPARE_QUIET_MS) {
        say(
          `spare login shell ${pid} shows its prompt (${status.heldBytes} bytes held) after ${((Date.now() - t) / 1000).toFixed(1)} s`,
        );
        break;
      }
      if (Date.now() - t > 600_000) throw new Error('the spare login shell printed no prompt within 10 minutes');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const state = await vm.saveState();
  say(`saved the emulator state: ${(state.length / 1e6).toFixed(1)} MB`);
  const raw = join(dir, 'state.bin');
  writeFileSync(raw, state);
  const out = join(dir, 'state.zst');
  const zargs = [`-${level}`, ...(level > 19 ? ['--ultra'] : []), ...(args.includes('--no-long') ? [] : ['--long=27'])];
  say(`compressing: zstd ${zargs.join(' ')} (this takes a while)`);
  const z = spawnSync('zstd', [...zargs, '-T0', '-q', '-f', raw, '-o', `${out}.tmp`], { stdio: 'inherit' });
  if (z.status !== 0) throw new Error(`zstd exited with ${z.status ?? z.signal} (is the zstd package installed?)`);
  renameSync(`${out}.tmp`, out);
  if (!args.includes('--keep-raw')) rmSync(raw);
  const bytes = statSync(out).size;
  manifest.snapshot = {
    file: 'state.zst',
    bytes,
    rawBytes: state.length,
    diskHash: manifest.diskHash,
    zstd: zargs.join(' '),
    warmCache: args.includes('--warm-cache'),
    primedWith: prime ? PRIME_COMMANDS.map((argv) => argv.join(' ')) : [],
    spareShell,
    createdAt: new Date().toISOString(),
  };
  writeFileSync(`${manifestPath}.tmp`, JSON.stringify(manifest, null, 2) + '\n');
  renameSync(`${manifestPath}.tmp`, manifestPath);
  say(`snapshot ${out}: ${(bytes / 1e6).toFixed(1)} MB compressed (${(state.length / 1e6).toFixed(1)} MB raw)`);
} finally {
  await vm.destroy();
}
process.exit(0);
