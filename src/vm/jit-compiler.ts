import type { V86JitCpu } from './v86-internals.js';

/**
 * How the wasm modules v86's JIT generates are compiled.
 * - `async`: v86's own way, `WebAssembly.instantiate`. The module is compiled off the emulation thread and v86 hears
 *   back in a later task.
 * - `inline`: `new WebAssembly.Module` + `new WebAssembly.Instance` right in the call, v86 told in a microtask, i.e.
 *   at the end of the current emulation slice (about 1 ms). Allowed for modules of any size in a worker and in Node
 *   (only a page's main thread limits synchronous compiles to 4 KB).
 *
 * Why it matters: v86 compiles one module at a time and leaves every other hot page interpreted until the module in
 * flight is finished (`ctx.compiling` in v86's jit.rs), so the time from hand-off to "finished" caps how fast a cold
 * program gets compiled. See docs/benchmarks.md, "Where the browser's time went".
 */
export type JitCompileMode = 'async' | 'inline';

/** What the JIT compiled since the VM (re)started. */
export interface JitStats {
  /** Modules handed to the compiler. */
  modules: number;
  /** Bytes of generated wasm. */
  bytes: number;
  /** Time spent inside the hand-off call (in `inline` mode: the whole compile, on the emulation thread). */
  compileMs: number;
  /** Sum over modules of hand-off -> finished: while one is in flight, v86 compiles nothing else. */
  waitMs: number;
  /** The longest single hand-off -> finished. */
  maxWaitMs: number;
}

/** The two WebAssembly constructors used here (their types come with the DOM lib, which the engine goes without). */
interface WasmConstructors {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmConstructors }).WebAssembly;

export function emptyJitStats(): JitStats {
  return { modules: 0, bytes: 0, compileMs: 0, waitMs: 0, maxWaitMs: 0 };
}

/**
 * Takes over v86's `codegen_finalize` / `codegen_finalize_finished` on one CPU: compiles in the chosen mode, counts
 * and times every module, and tells `onModule` (the module-size policy listens).
 */
export function installJitCompiler(
  cpu: V86JitCpu,
  mode: JitCompileMode,
  stats: JitStats,
  onModule: () => void = () => undefined,
): void {
  const asyncFinalize = cpu.codegen_finalize.bind(cpu);
  const finished = cpu.codegen_finalize_finished.bind(cpu);
  let handedOffAt = 0;
  cpu.codegen_finalize_finished = (tableIndex, start, stateFlags) => {
    const wait = performance.now() - handedOffAt;
    stats.waitMs += wait;
    if (wait > stats.maxWaitMs) stats.maxWaitMs = wait;
    finished(tableIndex, start, stateFlags);
  };
  cpu.codegen_finalize = (tableIndex, start, stateFlags, ptr, len) => {
    onModule();
    handedOffAt = performance.now();
    stats.modules++;
    stats.bytes += len >>> 0;
    if (mode === 'async') {
      asyncFinalize(tableIndex, start, stateFlags, ptr, len);
    } else {
      const code = new Uint8Array(cpu.wasm_memory.buffer, ptr >>> 0, len >>> 0);
      const instance = new wasm.Instance(new wasm.Module(code), { e: cpu.jit_imports });
      // v86's generated modules sit at 1024 + their index in the emulator's function table (src/cpu.js).
      cpu.wm.wasm_table.set(tableIndex + 1024, instance.exports.f);
      // Not from inside this call: v86's Rust code is still in the middle of its own bookkeeping for the module.
      queueMicrotask(() => cpu.codegen_finalize_finished(tableIndex, start, stateFlags));
    }
    stats.compileMs += performance.now() - handedOffAt;
  };
}
