import { describe, expect, it } from 'vitest';
import { concatBytes, exactArrayBuffer } from './bytes.js';

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

describe('exactArrayBuffer', () => {
  it('hands back a whole buffer as it is and copies a view of part of one', () => {
    const whole = new Uint8Array([1, 2, 3]);
    expect(exactArrayBuffer(whole)).toBe(whole.buffer);
    const part = new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4);
    const copy = exactArrayBuffer(part);
    expect(copy).not.toBe(part.buffer);
    expect([...new Uint8Array(copy)]).toEqual([1, 2, 3]);
  });
});
