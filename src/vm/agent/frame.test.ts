import { describe, expect, it } from 'vitest';
import { FrameDecoder, FrameType, encodeFrame, MAX_PAYLOAD } from './frame.js';

describe('agent frames', () => {
  it('round-trips frames split at every byte boundary', () => {
    const a = encodeFrame(FrameType.data, 7, new Uint8Array([1, 2, 3]));
    const b = encodeFrame(FrameType.exit, 0xfffffff0, new Uint8Array(8));
    const wire = new Uint8Array([...a, ...b]);
    for (let cut = 0; cut <= wire.length; cut++) {
      const d = new FrameDecoder();
      const frames = [...d.push(wire.subarray(0, cut)), ...d.push(wire.subarray(cut))];
      expect(frames.map((f) => [f.type, f.channel, f.payload.length])).toEqual([
        [FrameType.data, 7, 3],
        [FrameType.exit, 0xfffffff0, 8],
      ]);
    }
  });

  it('skips garbage and a torn frame to find the next valid header', () => {
    const d = new FrameDecoder();
    const torn = encodeFrame(FrameType.data, 1, new Uint8Array(100)).subarray(0, 40);
    const good = encodeFrame(FrameType.hello, 0, new Uint8Array(12));
    const frames = d.push(new Uint8Array([0x57, 0x46, 9, 9, ...torn.subarray(12), 0, 0, ...good]));
    expect(frames).toHaveLength(1);
    expect(frames[0]!.type).toBe(FrameType.hello);
    expect(d.skipped).toBeGreaterThan(0);
  });

  it('refuses oversized payloads', () => {
    expect(() => encodeFrame(FrameType.data, 1, new Uint8Array(MAX_PAYLOAD + 1))).toThrow(RangeError);
  });
});
