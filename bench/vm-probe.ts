// One fixed sequence of guest commands, run the same way in Node and in a bare browser worker (bench/bare-vm/): the
// emulator alone, with no page, terminal or control plane around it. Each step reports its wall time and what v86's
// JIT compiled meanwhile, so the two environments can be compared command by command.
import type { JitStats, WharfVm } from '../src/vm/index.js';
import { warmUp } from '../src/vm/warm-up.js';

export interface ProbeStep {
  name: string;
  ms: number;
  /** JIT work during the step (differences of the VM's counters). */
  jit: JitStats;
  /** Chunks read from the disk image during the step (requests, in the browser). */
  diskReads: number;
}

type ProbeVm = Pick<WharfVm, 'link' | 'jitStats' | 'diskStats' | 'willWarmUp' | 'warmUp' | 'onEvent'>;

const BUILD_DIR = '/root/bench-build';

/** The steps: first commands after a restore, then the warm figures the issue names. */
export const PROBE_STEPS: readonly { name: string; command: string }[] = [
  { name: 'first docker ps', command: 'docker ps' },
  { name: 'docker run 1', command: 'docker run --rm busybox echo hi' },
  { name: 'docker run 2', command: 'docker run --rm busybox echo hi' },
  { name: 'docker run 3', command: 'docker run --rm busybox echo hi' },
  {
    name: 'write Dockerfile',
    command: `mkdir -p ${BUILD_DIR} && printf 'FROM busybox\\nRUN echo step > /step.txt\\n' > ${BUILD_DIR}/Dockerfile`,
  },
  { name: 'docker build 1', command: `docker build --no-cache -q -t bench/two-step ${BUILD_DIR}` },
  { name: 'docker build 2', command: `docker build --no-cache -q -t bench/two-step ${BUILD_DIR}` },
  { name: 'docker build 3', command: `docker build --no-cache -q -t bench/two-step ${BUILD_DIR}` },
  { name: 'kubectl version 1', command: 'kubectl version --client' },
  { name: 'kubectl version 2', command: 'kubectl version --client' },
];

function minus(a: JitStats, b: JitStats): JitStats {
  return {
    modules: a.modules - b.modules,
    bytes: a.bytes - b.bytes,
    compileMs: a.compileMs - b.compileMs,
    waitMs: a.waitMs - b.waitMs,
    maxWaitMs: a.maxWaitMs,
  };
}

/** The steps from `from` up to `count`, one after another. */
async function runSteps(vm: ProbeVm, log: (line: string) => void, count: number, from = 0): Promise<ProbeStep[]> {
  const steps: ProbeStep[] = [];
  for (const step of PROBE_STEPS.slice(from, count)) {
    const before = vm.jitStats();
    const readsBefore = vm.diskStats().reads;
    const t = performance.now();
    const r = await vm.link.exec(['sh', '-c', step.command], { timeoutMs: 600_000 });
    const ms = performance.now() - t;
    if (r.exitCode !== 0)
      throw new Error(`${step.command} exited ${r.exitCode}: ${new TextDecoder().decode(r.stderr).trim()}`);
    const jit = minus(vm.jitStats(), before);
    const diskReads = vm.diskStats().reads - readsBefore;
    steps.push({ name: step.name, ms, jit, diskReads });
    log(
      `${step.name}: ${(ms / 1000).toFixed(2)} s, ${jit.modules} modules (${(jit.bytes / 1024).toFixed(0)} KB), ` +
        `compile ${(jit.compileMs / 1000).toFixed(2)} s, waited ${(jit.waitMs / 1000).toFixed(2)} s, ` +
        `${diskReads} disk chunks read`,
    );
  }
  return steps;
}

/** The VM's warm-up to its end (a VM without the JIT has none: the same commands then run without it). */
async function warmUpToEnd(vm: ProbeVm): Promise<void> {
  if (!vm.willWarmUp()) return warmUp(vm.link);
  const warm = new Promise<void>((resolve) => vm.onEvent((e) => void (e.type === 'warm' && resolve())));
  vm.warmUp();
  await warm;
}

export interface ProbeOptions {
  /** Run the first `count` steps only. */
  count?: number;
  /**
   * As a learner meets the VM: the first command at once, then the warm-up while the learner reads (then this many
   * ms more), then the rest. The VM must start with `warmUp: 'manual'`. Without it, the steps back to back.
   */
  readMs?: number;
}

export interface ProbeReport {
  steps: ProbeStep[];
  /** With `readMs`: how long the warm-up took and what v86 compiled during it. */
  warmUp?: { ms: number; modules: number };
}

export async function runProbe(
  vm: ProbeVm,
  log: (line: string) => void = () => undefined,
  options: ProbeOptions = {},
): Promise<ProbeReport> {
  const count = options.count ?? PROBE_STEPS.length;
  if (options.readMs === undefined) return { steps: await runSteps(vm, log, count) };
  const steps = await runSteps(vm, log, Math.min(1, count));
  const t = performance.now();
  const before = vm.jitStats().modules;
  await warmUpToEnd(vm);
  const warm = { ms: performance.now() - t, modules: vm.jitStats().modules - before };
  log(`warm-up: ${(warm.ms / 1000).toFixed(1)} s, ${warm.modules} modules`);
  await new Promise((resolve) => setTimeout(resolve, options.readMs));
  steps.push(...(await runSteps(vm, log, count, 1)));
  return { steps, warmUp: warm };
}
