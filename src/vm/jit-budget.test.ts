import { describe, expect, it, vi } from 'vitest';
import { JitBudget } from './jit-budget.js';

describe('JitBudget', () => {
  it('stops the compiler once, at the limit', () => {
    const stop = vi.fn();
    const budget = new JitBudget(3, stop);
    budget.moduleCompiled();
    budget.moduleCompiled();
    expect(stop).not.toHaveBeenCalled();
    budget.moduleCompiled();
    expect(stop).toHaveBeenCalledTimes(1);
    budget.moduleCompiled();
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('never stops without a limit', () => {
    const stop = vi.fn();
    const budget = new JitBudget(Infinity, stop);
    for (let i = 0; i < 10_000; i++) budget.moduleCompiled();
    expect(stop).not.toHaveBeenCalled();
  });
});
