/**
 * A SPDY/3.1 server session over a ByteStream: the framing kubectl 1.20 speaks for exec, attach and port-forward
 * (its Go client is moby/spdystream). The client opens streams (SYN_STREAM with headers); we reply, exchange DATA
 * frames, half-close with FIN, answer PINGs, and acknowledge received data with WINDOW_UPDATE.
 */
import type { ByteStream, Disposable } from '../../../protocol/byte-stream.js';
import { HeaderDecoder, HeaderEncoder } from './header-codec.js';

const enum FrameType {
  SynStream = 1,
  SynReply = 2,
  RstStream = 3,
  Settings = 4,
  Ping = 6,
  GoAway = 7,
  Headers = 8,
  WindowUpdate = 9,
}

const FLAG_FIN = 0x01;
const MAX_DATA = 32 * 1024;

export class SpdyStream {
  private readonly dataListeners = new Set<(d: Uint8Array) => void>();
  private readonly endListeners = new Set<() => void>();
  private localClosed = false;
  remoteClosed = false;

  constructor(
    private readonly session: SpdySession,
    readonly id: number,
    readonly headers: Map<string, string[]>,
  ) {}

  header(name: string): string | undefined {
    return this.headers.get(name.toLowerCase())?.[0];
  }

  /** SYN_REPLY: accept the stream (every stream the client opens must be answered). */
  reply(headers: Record<string, string> = {}): void {
    this.session.sendReply(this.id, headers);
  }

  write(data: Uint8Array): void {
    if (this.localClosed || this.session.closed) return;
    for (let at = 0; at < data.length; at += MAX_DATA)
      this.session.sendData(this.id, data.subarray(at, at + MAX_DATA), 0);
  }

  /** Half-close our side (FIN). */
  end(): void {
    if (this.localClosed) return;
    this.localClosed = true;
    this.session.sendData(this.id, new Uint8Array(0), FLAG_FIN);
  }

  onData(listener: (d: Uint8Array) => void): Disposable {
    this.dataListeners.add(listener);
    return { dispose: () => this.dataListeners.delete(listener) };
  }

  /** The client half-closed (FIN) or reset the stream. */
  onEnd(listener: () => void): Disposable {
    if (this.remoteClosed) queueMicrotask(listener);
    else this.endListeners.add(listener);
    return { dispose: () => this.endListeners.delete(listener) };
  }

  /** @internal */
  receive(data: Uint8Array, fin: boolean): void {
    if (data.length) for (const l of [...this.dataListeners]) l(data);
    if (fin) this.remoteEnd();
  }

  /** @internal */
  remoteEnd(): void {
    if (this.remoteClosed) return;
    this.remoteClosed = true;
    for (const l of [...this.endListeners]) l();
    this.endListeners.clear();
  }
}

export class SpdySession {
  private buffer = new Uint8Array(0);
  private readonly streams = new Map<number, SpdyStream>();
  private readonly decoder = new HeaderDecoder();
  private readonly encoder = new HeaderEncoder();
  private readonly closeListeners = new Set<() => void>();
  closed = false;

  constructor(
    private readonly transport: ByteStream,
    private readonly onStream: (stream: SpdyStream) => void,
  ) {
    transport.onData((d) => this.receive(d));
    transport.onClose(() => this.shutdown());
    transport.onEnd(() => this.shutdown());
  }

  onClose(listener: () => void): void {
    if (this.closed) queueMicrotask(listener);
    else this.closeListeners.add(listener);
  }

  close(): void {
    if (this.closed) return;
    // GOAWAY with the last stream id we saw, then close the connection.
    const last = Math.max(0, ...this.streams.keys());
    this.control(FrameType.GoAway, 0, u32pair(last, 0));
    this.transport.end();
    this.shutdown();
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams.values()) s.remoteEnd();
    for (const l of [...this.closeListeners]) l();
    this.closeListeners.clear();
  }

  private receive(data: Uint8Array): void {
    const merged = new Uint8Array(this.buffer.length + data.length);
    merged.set(this.buffer, 0);
    merged.set(data, this.buffer.length);
    this.buffer = merged;
    while (this.buffer.length >= 8) {
      const b = this.buffer;
      const length = (b[5]! << 16) | (b[6]! << 8) | b[7]!;
      if (b.length < 8 + length) return;
      const payload = b.subarray(8, 8 + length);
      const flags = b[4]!;
      if (b[0]! & 0x80) {
        const type = (b[2]! << 8) | b[3]!;
        this.controlFrame(type, flags, payload);
      } else {
        const id = ((b[0]! & 0x7f) << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!;
        const stream = this.streams.get(id);
        if (payload.length) this.control(FrameType.WindowUpdate, 0, u32pair(id, payload.length));
        stream?.receive(payload.slice(), (flags & FLAG_FIN) !== 0);
      }
      this.buffer = this.buffer.subarray(8 + length);
    }
  }

  private controlFrame(type: number, flags: number, payload: Uint8Array): void {
    const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    switch (type) {
      case FrameType.SynStream: {
        const id = view.getUint32(0) & 0x7fffffff;
        const headers = this.decoder.decode(payload.subarray(10));
        const stream = new SpdyStream(this, id, headers);
        this.streams.set(id, stream);
        this.onStream(stream);
        if (flags & FLAG_FIN) stream.remoteEnd();
        return;
      }
      case FrameType.RstStream: {
        const id = view.getUint32(0) & 0x7fffffff;
        this.streams.get(id)?.remoteEnd();
        return;
      }
      case FrameType.Ping:
        this.control(FrameType.Ping, 0, payload.slice());
        return;
      case FrameType.GoAway:
        this.shutdown();
        this.transport.close();
        return;
      case FrameType.Headers:
        // Header blocks share the compression context: decode to keep it in step.
        this.decoder.decode(payload.subarray(4));
        return;
      default:
        // SETTINGS, WINDOW_UPDATE, SYN_REPLY from a client: nothing to do.
        return;
    }
  }

  /** @internal */
  sendReply(id: number, headers: Record<string, string>): void {
    const block = this.encoder.encode(headers);
    const payload = new Uint8Array(4 + block.length);
    new DataView(payload.buffer).setUint32(0, id & 0x7fffffff);
    payload.set(block, 4);
    this.control(FrameType.SynReply, 0, payload);
  }

  /** @internal */
  sendData(id: number, data: Uint8Array, flags: number): void {
    if (this.closed) return;
    const frame = new Uint8Array(8 + data.length);
    const view = new DataView(frame.buffer);
    view.setUint32(0, id & 0x7fffffff);
    view.setUint32(4, (flags << 24) | data.length);
    frame.set(data, 8);
    this.transport.write(frame);
  }

  private control(type: number, flags: number, payload: Uint8Array): void {
    if (this.closed) return;
    const frame = new Uint8Array(8 + payload.length);
    const view = new DataView(frame.buffer);
    view.setUint16(0, 0x8000 | 3);
    view.setUint16(2, type);
    view.setUint32(4, (flags << 24) | payload.length);
    frame.set(payload, 8);
    this.transport.write(frame);
  }
}

function u32pair(a: number, b: number): Uint8Array {
  const out = new Uint8Array(8);
  const v = new DataView(out.buffer);
  v.setUint32(0, a & 0x7fffffff);
  v.setUint32(4, b & 0x7fffffff);
  return out;
}
