import { describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from './bytes.js';
import { ChunkedDecoder } from './chunked-decoder.js';

const wire = '5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n';

describe('ChunkedDecoder', () => {
  it('decodes a whole body', () => {
    const d = new ChunkedDecoder();
    expect(fromUtf8(Buffer.concat(d.push(utf8(wire))))).toBe('hello, world');
    expect(d.done).toBe(true);
  });

  it('decodes the same body fed one byte at a time', () => {
    const d = new ChunkedDecoder();
    const out: Uint8Array[] = [];
    for (const byte of utf8(wire)) out.push(...d.push(Uint8Array.of(byte)));
    expect(fromUtf8(Buffer.concat(out))).toBe('hello, world');
    expect(d.done).toBe(true);
  });

  it('is not done before the zero chunk', () => {
    const d = new ChunkedDecoder();
    d.push(utf8('3\r\nabc\r\n'));
    expect(d.done).toBe(false);
  });

  it('rejects a malformed size line', () => {
    expect(() => new ChunkedDecoder().push(utf8('zz\r\n'))).toThrow(/malformed chunk size/);
  });
});
