import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COLD_JIT_PAGES, COLD_PHASE_MAX_MS, JitPhases, WARM_JIT_PAGES } from './jit-phases.js';

describe('JitPhases', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('compiles small after a start and switches once the warm-up finished', () => {
    const set = vi.fn();
    const phases = new JitPhases(set);
    phases.cold();
    expect(set.mock.calls).toEqual([[COLD_JIT_PAGES]]);
    phases.warm();
    expect(set.mock.calls).toEqual([[COLD_JIT_PAGES], [WARM_JIT_PAGES]]);
    // the timer no longer fires, a second warm() changes nothing
    vi.advanceTimersByTime(COLD_PHASE_MAX_MS * 2);
    phases.warm();
    expect(set).toHaveBeenCalledTimes(2);
  });

  it('switches by itself after the cold phase when nothing warms up', () => {
    const set = vi.fn();
    new JitPhases(set).cold();
    vi.advanceTimersByTime(COLD_PHASE_MAX_MS - 1);
    expect(set.mock.calls).toEqual([[COLD_JIT_PAGES]]);
    vi.advanceTimersByTime(1);
    expect(set.mock.calls).toEqual([[COLD_JIT_PAGES], [WARM_JIT_PAGES]]);
  });

  it('starts over on a restart and stays quiet once cancelled', () => {
    const set = vi.fn();
    const phases = new JitPhases(set);
    phases.cold();
    vi.advanceTimersByTime(COLD_PHASE_MAX_MS / 2);
    phases.cold(); // restart: a new full cold phase
    vi.advanceTimersByTime(COLD_PHASE_MAX_MS / 2);
    expect(set.mock.calls).toEqual([[COLD_JIT_PAGES], [COLD_JIT_PAGES]]);
    phases.cancel();
    vi.advanceTimersByTime(COLD_PHASE_MAX_MS * 2);
    phases.warm();
    expect(set).toHaveBeenCalledTimes(2);
  });
});
