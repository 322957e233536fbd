import { describe, expect, it } from 'vitest';
import { createStreamPair } from '../../../http/index.js';
import { SPDY3_DICTIONARY } from './dictionary.js';
import { HeaderDecoder, HeaderEncoder } from './header-codec.js';
import { SpdySession, type SpdyStream } from './session.js';

const enc = new TextEncoder();

function synStream(encoder: HeaderEncoder, id: number, headers: Record<string, string>, fin = false): Uint8Array {
  const block = encoder.encode(headers);
  const frame = new Uint8Array(8 + 10 + block.length);
  const v = new DataView(frame.buffer);
  v.setUint16(0, 0x8003);
  v.setUint16(2, 1);
  v.setUint32(4, ((fin ? 1 : 0) << 24) | (10 + block.length));
  v.setUint32(8, id);
  frame.set(block, 18);
  return frame;
}

function dataFrame(id: number, data: Uint8Array, fin = false): Uint8Array {
  const frame = new Uint8Array(8 + data.length);
  const v = new DataView(frame.buffer);
  v.setUint32(0, id);
  v.setUint32(4, ((fin ? 1 : 0) << 24) | data.length);
  frame.set(data, 8);
  return frame;
}

describe('SPDY/3.1 session', () => {
  it('has the 1423-byte SPDY/3 dictionary, starting with the length-prefixed "options"', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    expect([...SPDY3_DICTIONARY.subarray(0, 11)]).toEqual([0, 0, 0, 7, ...enc.encode('options')]);
  });

  it('round-trips header blocks through one shared compression context', () => {
    const e = new HeaderEncoder();
    const d = new HeaderDecoder();
    expect(d.decode(e.encode({ streamtype: 'stdout', port: '80' }))).toEqual(
      new Map([
        ['streamtype', ['stdout']],
        ['port', ['80']],
      ]),
    );
    expect(d.decode(e.encode({ streamtype: 'error' }))).toEqual(new Map([['streamtype', ['error']]]));
  });

  it('accepts client streams, replies, carries data both ways and FIN', async () => {
    const [client, server] = createStreamPair();
    const opened: SpdyStream[] = [];
    new SpdySession(server, (s) => {
      s.reply();
      opened.push(s);
      s.onData((d) => s.write(enc.encode(`echo:${new TextDecoder().decode(d)}`)));
      s.onEnd(() => s.end());
    });
    const frames: Uint8Array[] = [];
    client.onData((d) => frames.push(d));
    const encoder = new HeaderEncoder();
    client.write(synStream(encoder, 1, { streamtype: 'data' }));
    client.write(dataFrame(1, enc.encode('hi')));
    client.write(dataFrame(1, new Uint8Array(0), true));
    await new Promise((r) => setTimeout(r, 10));
    expect(opened.map((s) => s.header('streamtype'))).toEqual(['data']);
    const all = frames.reduce((a, b) => new Uint8Array([...a, ...b]), new Uint8Array(0));
    // SYN_REPLY (control, type 2), WINDOW_UPDATE for the 2 data bytes, DATA "echo:hi", DATA FIN.
    const types: string[] = [];
    for (let p = 0; p < all.length;) {
      const len = (all[p + 5]! << 16) | (all[p + 6]! << 8) | all[p + 7]!;
      if (all[p]! & 0x80) types.push(`control:${(all[p + 2]! << 8) | all[p + 3]!}`);
      else types.push(`data:${new TextDecoder().decode(all.subarray(p + 8, p + 8 + len))}:${all[p + 4]}`);
      p += 8 + len;
    }
    expect(types).toEqual(['control:2', 'control:9', 'data:echo:hi:0', 'data::1']);
  });
});
