import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_PAGES, FIRST_PAGES, JitModuleSize, SMALL_MODULES } from './jit-module-size.js';

describe('JitModuleSize', () => {
  it('compiles the first modules small, then with the default size, once', () => {
    const set = vi.fn();
    const size = new JitModuleSize(set);
    size.start();
    expect(set.mock.calls).toEqual([[FIRST_PAGES]]);
    for (let i = 1; i < SMALL_MODULES; i++) size.moduleCompiled();
    expect(set).toHaveBeenCalledTimes(1);
    size.moduleCompiled();
    expect(set.mock.calls).toEqual([[FIRST_PAGES], [DEFAULT_PAGES]]);
    for (let i = 0; i < 2 * SMALL_MODULES; i++) size.moduleCompiled();
    expect(set).toHaveBeenCalledTimes(2);
  });

  it('starts over after a restart', () => {
    const set = vi.fn();
    const size = new JitModuleSize(set);
    size.start();
    for (let i = 0; i < SMALL_MODULES - 1; i++) size.moduleCompiled();
    size.start();
    size.moduleCompiled();
    expect(set.mock.calls).toEqual([[FIRST_PAGES], [FIRST_PAGES]]);
    for (let i = 1; i < SMALL_MODULES; i++) size.moduleCompiled();
    expect(set.mock.calls).toEqual([[FIRST_PAGES], [FIRST_PAGES], [DEFAULT_PAGES]]);
  });
});
