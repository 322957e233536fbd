import { describe, expect, it } from 'vitest';
import { JitSwitch } from './jit-switch.js';

/** The JIT_DISABLED values the switch set, in order. */
function recorder() {
  const set: boolean[] = [];
  return { set, setDisabled: (disabled: boolean) => void set.push(disabled) };
}

describe('JitSwitch', () => {
  it('stops compiling once, at the budget', () => {
    const r = recorder();
    const jit = new JitSwitch(3, r.setDisabled);
    expect(r.set).toEqual([false]);
    jit.moduleCompiled();
    jit.moduleCompiled();
    expect(r.set).toEqual([false]);
    jit.moduleCompiled();
    expect(r.set).toEqual([false, true]);
    jit.moduleCompiled();
    expect(r.set).toEqual([false, true]);
    expect(jit.hasBudget).toBe(false);
  });

  it('never stops without a budget', () => {
    const r = recorder();
    const jit = new JitSwitch(Infinity, r.setDisabled);
    for (let i = 0; i < 10_000; i++) jit.moduleCompiled();
    expect(r.set).toEqual([false]);
  });

  it('starts paused when asked, and compiles only between resume and pause', () => {
    const r = recorder();
    const jit = new JitSwitch(10, r.setDisabled, { paused: true });
    expect(r.set).toEqual([true]);
    jit.resume();
    jit.resume();
    expect(r.set).toEqual([true, false]);
    jit.pause();
    expect(r.set).toEqual([true, false, true]);
  });

  it('stays off after the budget is spent, resumed or not', () => {
    const r = recorder();
    const jit = new JitSwitch(2, r.setDisabled);
    jit.moduleCompiled();
    jit.pause();
    jit.moduleCompiled(); // a compile that was already in flight
    jit.resume();
    expect(r.set).toEqual([false, true]);
  });
});
