import { concatBytes } from '../protocol/bytes.js';

/** Which stdio a multiplexed frame belongs to (the first byte of Docker's 8-byte frame header). */
export type StdStream = 'stdin' | 'stdout' | 'stderr';
const STREAMS: readonly StdStream[] = ['stdin', 'stdout', 'stderr'];

/**
 * Splits Docker's multiplexed stdout/stderr stream (logs, attach and exec of non-tty containers) into frames:
 * `[stream, 0, 0, 0, size(uint32 big-endian)]` then `size` payload bytes. Frames arrive split anywhere, so partial
 * headers and payloads are kept between pushes.
 */
export class FrameDemuxer {
  private buffer: Uint8Array = new Uint8Array(0);

  push(data: Uint8Array): { stream: StdStream; data: Uint8Array }[] {
    this.buffer = this.buffer.length ? concatBytes([this.buffer, data]) : data;
    const frames: { stream: StdStream; data: Uint8Array }[] = [];
    let at = 0;
    while (this.buffer.length - at >= 8) {
      const kind = this.buffer[at]!;
      const stream = STREAMS[kind];
      if (!stream) throw new Error(`not a Docker multiplexed stream: frame type ${kind}`);
      const view = new DataView(this.buffer.buffer, this.buffer.byteOffset + at + 4, 4);
      const size = view.getUint32(0);
      if (this.buffer.length - at - 8 < size) break;
      frames.push({ stream, data: this.buffer.slice(at + 8, at + 8 + size) });
      at += 8 + size;
    }
    this.buffer = this.buffer.slice(at);
    return frames;
  }

  /** Bytes of an incomplete frame still held back. */
  get buffered(): number {
    return this.buffer.length;
  }
}

/** Encode one frame (used by tests and by anything that re-multiplexes output). */
export function encodeFrame(stream: StdStream, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + data.length);
  out[0] = STREAMS.indexOf(stream);
  new DataView(out.buffer).setUint32(4, data.length);
  out.set(data, 8);
  return out;
}
