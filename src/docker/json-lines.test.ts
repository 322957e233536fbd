import { describe, expect, it } from 'vitest';
import { JsonLines } from './json-lines.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('JsonLines', () => {
  it('parses documents split across chunks, including inside a multi-byte character', () => {
    const text = utf8('{"status":"Pulling fs layer"}\r\n{"status":"Downloaded ✓"}\n{"error":"x"}');
    const lines = new JsonLines<{ status?: string; error?: string }>();
    const out = [];
    for (let i = 0; i < text.length; i += 3) out.push(...lines.push(text.subarray(i, i + 3)));
    out.push(...lines.flush());
    expect(out).toEqual([{ status: 'Pulling fs layer' }, { status: 'Downloaded ✓' }, { error: 'x' }]);
  });
});
