import { describe, expect, it } from 'vitest';
import { concatBytes } from '../protocol/bytes.js';
import { chunkedDecoder } from './body-decoder.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const fromUtf8 = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

const wire = '5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n';

describe('chunkedDecoder', () => {
  it('decodes a whole body, chunk extensions ignored', () => {
    const d = chunkedDecoder();
    const { chunks, used } = d.push(utf8(wire));
    expect(fromUtf8(concatBytes(chunks))).toBe('hello, world');
    expect(used).toBe(wire.length);
    expect(d.done).toBe(true);
  });

  it('decodes the same body fed one byte at a time (Docker streams arrive split anywhere)', () => {
    const d = chunkedDecoder();
    const out: Uint8Array[] = [];
    for (const byte of utf8(wire)) out.push(...d.push(Uint8Array.of(byte)).chunks.map((c) => c.slice()));
    expect(fromUtf8(concatBytes(out))).toBe('hello, world');
    expect(d.done).toBe(true);
  });

  it('is not done before the zero chunk', () => {
    const d = chunkedDecoder();
    d.push(utf8('3\r\nabc\r\n'));
    expect(d.done).toBe(false);
  });

  it('rejects a malformed size line', () => {
    expect(() => chunkedDecoder().push(utf8('zz\r\n'))).toThrow('invalid chunk size "zz"');
  });

  it('refuses a size line over 4 KiB instead of holding it', () => {
    const d = chunkedDecoder();
    expect(() => d.push(utf8('1'.repeat(4096)))).not.toThrow();
    expect(() => d.push(utf8('1'))).toThrow('chunk header too long');
  });
});
