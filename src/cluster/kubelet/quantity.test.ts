import { describe, expect, it } from 'vitest';
import { cpuShares, memoryBytes, nanoCpus } from './quantity.js';

describe('quantities', () => {
  it('reads memory with binary and decimal suffixes', () => {
    expect(memoryBytes('128Mi')).toBe(134217728);
    expect(memoryBytes('1G')).toBe(1e9);
    expect(memoryBytes('1.5Gi')).toBe(1610612736);
    expect(memoryBytes(1024)).toBe(1024);
  });

  it('reads CPU as nano-cores and shares', () => {
    expect(nanoCpus('500m')).toBe(500_000_000);
    expect(nanoCpus('2')).toBe(2_000_000_000);
    expect(nanoCpus(0.25)).toBe(250_000_000);
    expect(cpuShares('100m')).toBe(102);
    expect(cpuShares('1m')).toBe(2);
  });

  it('rejects garbage with the API server’s wording', () => {
    expect(() => memoryBytes('12 bananas')).toThrow(/quantities must match the regular expression/);
  });
});
