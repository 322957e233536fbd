/**
 * The wharf-agent wire format (see image/agent/wharf-agent.c for the authoritative description):
 * a 12-byte header `'W' 'F' type check | u32 channel | u32 length` (little-endian) and up to 64 KiB of payload.
 */
import { concatBytes } from '../../protocol/bytes.js';

export const PROTOCOL_VERSION = 1;
export const HEADER_BYTES = 12;
export const MAX_PAYLOAD = 65536;
/** DATA frames carry at most this much, so one channel cannot hog the port for long. */
export const DATA_CHUNK = 32768;
/** Unacknowledged DATA bytes either side may have in flight per channel. */
export const WINDOW = 256 * 1024;

export const FrameType = {
  hello: 0x01,
  ping: 0x02,
  pong: 0x03,
  spare: 0x04,
  exec: 0x10,
  unix: 0x11,
  tcp: 0x12,
  read: 0x13,
  write: 0x14,
  opened: 0x20,
  error: 0x21,
  data: 0x30,
  stderr: 0x31,
  eof: 0x32,
  exit: 0x33,
  credit: 0x34,
  resize: 0x35,
  kill: 0x36,
  close: 0x37,
} as const;
export type FrameTypeCode = (typeof FrameType)[keyof typeof FrameType];

export interface Frame {
  type: number;
  channel: number;
  payload: Uint8Array;
}

export function encodeFrame(type: number, channel: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (payload.length > MAX_PAYLOAD) throw new RangeError(`frame payload too large: ${payload.length}`);
  const out = new Uint8Array(HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer);
  out[0] = 0x57;
  out[1] = 0x46;
  out[2] = type;
  view.setUint32(4, channel >>> 0, true);
  view.setUint32(8, payload.length, true);
  out[3] = headerCheck(out);
  out.set(payload, HEADER_BYTES);
  return out;
}

function headerCheck(h: Uint8Array): number {
  let check = 0xa5 ^ h[0]! ^ h[1]! ^ h[2]!;
  for (let i = 4; i < HEADER_BYTES; i++) check ^= h[i]!;
  return check;
}

/**
 * Splits a byte stream into frames. Bytes that do not start a valid header are skipped one at a time, which is how
 * the host finds its footing when it attaches to an agent that was mid-frame (after a snapshot restore).
 */
export class FrameDecoder {
  private buffer: Uint8Array = new Uint8Array(0);
  /** Bytes skipped while resynchronising (diagnostics). */
  skipped = 0;

  push(chunk: Uint8Array): Frame[] {
    this.buffer = this.buffer.length ? concatBytes([this.buffer, chunk]) : chunk;
    const frames: Frame[] = [];
    let off = 0;
    const b = this.buffer;
    while (b.length - off >= HEADER_BYTES) {
      const len = (b[off + 8]! | (b[off + 9]! << 8) | (b[off + 10]! << 16) | (b[off + 11]! << 24)) >>> 0;
      if (
        b[off] !== 0x57 ||
        b[off + 1] !== 0x46 ||
        b[off + 3] !== headerCheck(b.subarray(off, off + HEADER_BYTES)) ||
        len > MAX_PAYLOAD
      ) {
        off++;
        this.skipped++;
        continue;
      }
      if (b.length - off < HEADER_BYTES + len) break;
      const channel = (b[off + 4]! | (b[off + 5]! << 8) | (b[off + 6]! << 16) | (b[off + 7]! << 24)) >>> 0;
      frames.push({
        type: b[off + 2]!,
        channel,
        payload: b.slice(off + HEADER_BYTES, off + HEADER_BYTES + len),
      });
      off += HEADER_BYTES + len;
    }
    this.buffer = off === b.length ? new Uint8Array(0) : b.slice(off);
    return frames;
  }

  reset(): void {
    this.buffer = new Uint8Array(0);
  }
}

export function u32(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v >>> 0, true));
  return out;
}

export function readU32(payload: Uint8Array, offset: number): number {
  return new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getUint32(offset, true);
}

export function readI32(payload: Uint8Array, offset: number): number {
  return new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getInt32(offset, true);
}
