import { describe, expect, it, vi } from 'vitest';
import { emptyJitStats, installJitCompiler } from './jit-compiler.js';
import type { V86JitCpu } from './v86-internals.js';

/** (module (func (export "f"))): the smallest module shaped like v86's generated ones. */
const MODULE = [
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07,
  0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
];

function fakeCpu() {
  const memory = new Uint8Array(4096);
  memory.set(MODULE, 100);
  const table = new Map<number, unknown>();
  const cpu: V86JitCpu = {
    wm: { exports: { set_jit_config: vi.fn() }, wasm_table: { set: (i, f) => void table.set(i, f) } },
    wasm_memory: { buffer: memory.buffer },
    jit_imports: {},
    codegen_finalize: vi.fn(),
    codegen_finalize_finished: vi.fn(),
  };
  return { cpu, table, asyncFinalize: cpu.codegen_finalize, finished: cpu.codegen_finalize_finished };
}

describe('installJitCompiler', () => {
  it('inline: compiles the module in the call, puts it in the table and tells v86 after the current slice', async () => {
    const { cpu, table, finished } = fakeCpu();
    const stats = emptyJitStats();
    const onModule = vi.fn();
    installJitCompiler(cpu, 'inline', stats, onModule);
    cpu.codegen_finalize(7, 0x1000, 3, 100, MODULE.length);
    expect(typeof table.get(7 + 1024)).toBe('function');
    expect(finished).not.toHaveBeenCalled(); // not from inside v86's own call
    await Promise.resolve();
    expect(finished).toHaveBeenCalledWith(7, 0x1000, 3);
    expect(onModule).toHaveBeenCalledTimes(1);
    expect(stats).toMatchObject({ modules: 1, bytes: MODULE.length });
  });

  it('async: hands the module to v86 and measures how long v86 waited for it', () => {
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const { cpu, asyncFinalize, finished } = fakeCpu();
    const stats = emptyJitStats();
    installJitCompiler(cpu, 'async', stats);
    cpu.codegen_finalize(1, 0, 0, 100, MODULE.length);
    expect(asyncFinalize).toHaveBeenCalledWith(1, 0, 0, 100, MODULE.length);
    now = 1250;
    cpu.codegen_finalize_finished(1, 0, 0); // what v86's promise calls, through the instance
    expect(finished).toHaveBeenCalledWith(1, 0, 0);
    cpu.codegen_finalize(2, 0, 0, 100, MODULE.length);
    now = 1300;
    cpu.codegen_finalize_finished(2, 0, 0);
    expect(stats).toEqual({ modules: 2, bytes: 2 * MODULE.length, compileMs: 0, waitMs: 300, maxWaitMs: 250 });
    vi.restoreAllMocks();
  });
});
