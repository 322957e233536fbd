import { describe, expect, it } from 'vitest';
import { concatBytes } from './bytes.js';

describe('concatBytes', () => {
  it('joins parts in order', () => {
    expect(concatBytes([Uint8Array.of(1, 2), new Uint8Array(0), Uint8Array.of(3)])).toEqual(Uint8Array.of(1, 2, 3));
  });

  it('returns a single part as it is, without a copy', () => {
    const part = Uint8Array.of(7, 8);
    expect(concatBytes([part])).toBe(part);
  });

  it('gives an empty buffer for no parts', () => {
    expect(concatBytes([])).toEqual(new Uint8Array(0));
  });
});
