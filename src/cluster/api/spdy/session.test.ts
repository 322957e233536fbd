import { describe, expect, it } from 'vitest';
import { createStreamPair } from '../../../http/index.js';
import { SPDY3_DICTIONARY } from './dictionary.js';
import { HeaderDecoder, HeaderEncoder, MAX_HEADER_BLOCK_BYTES } from './header-codec.js';
import { MAX_OPEN_STREAMS, SpdySession, type SpdyStream } from './session.js';
import { controlFrame } from './testing/control-frame.js';

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

/** Feed `frames` to a fresh session; resolves with the GOAWAY status it sent (undefined: none) once it closed. */
async function sessionAnswer(frames: Uint8Array[]): Promise<{ goAway?: number; closed: boolean }> {
  const [client, server] = createStreamPair();
  const session = new SpdySession(server, (s) => s.reply());
  const received: number[] = [];
  client.onData((d) => received.push(...d));
  for (const f of frames) client.write(f);
  await new Promise((r) => setTimeout(r, 10));
  let goAway: number | undefined;
  for (let p = 0; p + 8 <= received.length;) {
    const len = (received[p + 5]! << 16) | (received[p + 6]! << 8) | received[p + 7]!;
    if (received[p]! & 0x80 && ((received[p + 2]! << 8) | received[p + 3]!) === 7) {
      goAway = new DataView(Uint8Array.from(received.slice(p + 8, p + 16)).buffer).getUint32(4);
    }
    p += 8 + len;
  }
  return { goAway, closed: session.closed };
}

describe('SPDY/3.1 session against malformed input', () => {
  it('ends the session with GOAWAY PROTOCOL_ERROR for malformed frames instead of throwing', async () => {
    const encoder = new HeaderEncoder();
    const garbageBlock = new Uint8Array(20).fill(0xff);
    const cases: [string, Uint8Array][] = [
      ['short SYN_STREAM', controlFrame(1, new Uint8Array(3))],
      ['short RST_STREAM', controlFrame(3, new Uint8Array(2))],
      ['short PING', controlFrame(6, new Uint8Array(1))],
      ['short HEADERS', controlFrame(8, new Uint8Array(0))],
      ['SPDY/2 frame', controlFrame(6, new Uint8Array(4), { version: 2 })],
      [
        'undecompressable header block',
        controlFrame(1, new Uint8Array([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...garbageBlock])),
      ],
      ['even (server-side) stream id', synStream(encoder, 2, { streamtype: 'data' })],
    ];
    for (const [name, frame] of cases) {
      expect(await sessionAnswer([frame]), name).toEqual({ goAway: 1, closed: true });
    }
  });

  it('refuses a header block that would inflate past its limit (a zlib bomb)', async () => {
    const encoder = new HeaderEncoder();
    const bomb = synStream(encoder, 1, { streamtype: 'x'.repeat(MAX_HEADER_BLOCK_BYTES * 4) });
    expect(bomb.length).toBeLessThan(MAX_HEADER_BLOCK_BYTES); // small on the wire, huge inflated
    expect(await sessionAnswer([bomb])).toEqual({ goAway: 1, closed: true });
  });

  it('refuses streams past the open-stream limit and forgets streams closed both ways', async () => {
    const [client, server] = createStreamPair();
    const accepted: SpdyStream[] = [];
    new SpdySession(server, (s) => {
      s.reply();
      accepted.push(s);
    });
    const encoder = new HeaderEncoder();
    let id = 1;
    for (let i = 0; i < MAX_OPEN_STREAMS + 5; i++, id += 2)
      client.write(synStream(encoder, id, { streamtype: 'data' }));
    await new Promise((r) => setTimeout(r, 10));
    expect(accepted).toHaveLength(MAX_OPEN_STREAMS);
    // Close one both ways: room for exactly one more.
    accepted[0]!.end();
    client.write(dataFrame(1, new Uint8Array(0), true));
    client.write(synStream(encoder, id, { streamtype: 'data' }));
    client.write(synStream(encoder, id + 2, { streamtype: 'data' }));
    await new Promise((r) => setTimeout(r, 10));
    expect(accepted).toHaveLength(MAX_OPEN_STREAMS + 1);
  });
});
