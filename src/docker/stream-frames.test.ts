import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDemuxer } from './stream-frames.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const fromUtf8 = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('FrameDemuxer', () => {
  const bytes = Buffer.concat([encodeFrame('stdout', utf8('out 1\n')), encodeFrame('stderr', utf8('err!\n'))]);

  it('splits stdout and stderr frames', () => {
    const frames = new FrameDemuxer().push(bytes);
    expect(frames.map((f) => [f.stream, fromUtf8(f.data)])).toEqual([
      ['stdout', 'out 1\n'],
      ['stderr', 'err!\n'],
    ]);
  });

  it('reassembles frames split at every byte, including inside the header', () => {
    const demuxer = new FrameDemuxer();
    const frames = [];
    for (const byte of bytes) frames.push(...demuxer.push(Uint8Array.of(byte)));
    expect(frames.map((f) => fromUtf8(f.data))).toEqual(['out 1\n', 'err!\n']);
    expect(demuxer.buffered).toBe(0);
  });

  it('writes the size big-endian after three zero bytes', () => {
    const frame = encodeFrame('stderr', new Uint8Array(258));
    expect([...frame.subarray(0, 8)]).toEqual([2, 0, 0, 0, 0, 0, 1, 2]);
  });

  it('rejects a raw (tty) stream', () => {
    expect(() => new FrameDemuxer().push(utf8('hello world'))).toThrow(/not a Docker multiplexed stream/);
  });
});
