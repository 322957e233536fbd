import type { VmStartOptions } from '../vm/index.js';

/**
 * How the browser runs v86's JIT: it compiles while the learner reads, never during their commands.
 *
 * v86's JIT hands every hot guest page to V8 as a wasm module, and V8 recompiles each hot one with its optimising tier
 * on background threads. Chromium's V8 took 5.7x Node 20's time for the same modules, so on two cores a JIT compiling
 * during a command took the emulator's CPU, and v86, which compiles one module at a time, waited behind it: a warm
 * `docker run` took 19-30 s, against 8 s with no JIT at all. So the JIT compiles only during the warm-up, whose steps
 * start while the learner is idle, pauses the moment the learner sends a command during a step (src/worker.ts), and
 * stops for good after 600 modules; the learner's commands run on what it compiled. Measured on the emulator alone
 * (docs/benchmarks.md, "Where the browser's time went"), with 400 modules: a warm `docker run` 3.5-4.0 s, a two-step
 * build 7.5 s, `kubectl version` 1.8 s, against 6.7-9.4, 22-26 and 8.1 s without the JIT. In the app, where the node's
 * work shares the budget, 400 ran out before the warm-up's kubectl steps (`kubectl get pods` 6.6 s); with 600 it is
 * 1.3-1.4 s, for a warm-up of about 4 minutes instead of 3.
 */
export const BROWSER_JIT: Pick<VmStartOptions, 'jitCompiles' | 'jitModuleBudget'> = {
  jitCompiles: 'warm-up',
  jitModuleBudget: 600,
};
