/**
 * A SPDY/3.1 server session over a ByteStream: the framing kubectl 1.20 speaks for exec, attach and port-forward
 * (its Go client is moby/spdystream). The client opens streams (SYN_STREAM with headers); we reply, exchange DATA
 * frames, half-close with FIN, answer PINGs, and acknowledge received data with WINDOW_UPDATE.
 */
import { ReceiveBuffer } from '../../../http/index.js';
import type { ByteStream, Disposable } from '../../../protocol/byte-stream.js';
import { HeaderDecoder, HeaderEncoder, SpdyProtocolError } from './header-codec.js';

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
const SPDY_VERSION = 3;

/** GOAWAY and RST_STREAM status codes (SPDY/3 sections 2.6.3, 2.6.6). */
const GOAWAY_PROTOCOL_ERROR = 1;
const RST_REFUSED_STREAM = 3;

/**
 * Streams one session keeps open at once. kubectl uses up to five for exec and two per connection for
 * port-forward; more are refused (RST_STREAM), so a peer cannot grow the session without bound.
 */
export const MAX_OPEN_STREAMS = 100;

/** The smallest payload of each control frame type we read fields from. */
const MIN_PAYLOAD: Partial<Record<number, number>> = {
  [FrameType.SynStream]: 10,
  [FrameType.SynReply]: 4,
  [FrameType.RstStream]: 8,
  [FrameType.Settings]: 4,
  [FrameType.Ping]: 4,
  [FrameType.GoAway]: 8,
  [FrameType.Headers]: 4,
  [FrameType.WindowUpdate]: 8,
};

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
    if (this.remoteClosed) this.session.forget(this.id);
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
    if (this.localClosed) this.session.forget(this.id);
  }
}

export class SpdySession {
  private readonly buffer = new ReceiveBuffer();
  private readonly streams = new Map<number, SpdyStream>();
  private lastStreamId = 0;
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
    this.control(FrameType.GoAway, 0, u32pair(this.lastStreamId, 0));
    this.transport.end();
    this.shutdown();
  }

  /** A session error (SPDY/3 section 2.4.1): GOAWAY with PROTOCOL_ERROR, then the connection is torn down. */
  private fail(): void {
    if (this.closed) return;
    this.control(FrameType.GoAway, 0, u32pair(this.lastStreamId, GOAWAY_PROTOCOL_ERROR));
    this.shutdown();
    this.transport.close();
  }

  /** @internal A stream closed both ways: it no longer counts against {@link MAX_OPEN_STREAMS}. */
  forget(id: number): void {
    this.streams.delete(id);
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams.values()) s.remoteEnd();
    for (const l of [...this.closeListeners]) l();
    this.closeListeners.clear();
  }

  /**
   * Bytes from the transport. Nothing thrown here may reach the transport's data listener (in the worker that is
   * the VM's network, and an exception there takes the VM down): a malformed frame, or a handler that throws while
   * taking a stream, ends this session with GOAWAY instead.
   */
  private receive(data: Uint8Array): void {
    if (this.closed) return;
    this.buffer.append(data);
    try {
      while (!this.closed && this.buffer.length >= 8) {
        const b = this.buffer.view();
        const length = (b[5]! << 16) | (b[6]! << 8) | b[7]!;
        if (b.length < 8 + length) return;
        const payload = b.slice(8, 8 + length);
        const flags = b[4]!;
        const head = b.slice(0, 4);
        this.buffer.consume(8 + length);
        if (head[0]! & 0x80) {
          const version = ((head[0]! & 0x7f) << 8) | head[1]!;
          if (version !== SPDY_VERSION) throw new SpdyProtocolError(`unsupported version ${version}`);
          this.controlFrame((head[2]! << 8) | head[3]!, flags, payload);
        } else {
          const id = ((head[0]! & 0x7f) << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!;
          if (payload.length) this.control(FrameType.WindowUpdate, 0, u32pair(id, payload.length));
          this.streams.get(id)?.receive(payload, (flags & FLAG_FIN) !== 0);
        }
      }
    } catch {
      this.fail();
    }
  }

  private controlFrame(type: number, flags: number, payload: Uint8Array): void {
    if (payload.length < (MIN_PAYLOAD[type] ?? 0)) {
      throw new SpdyProtocolError(`control frame ${type} too short (${payload.length} bytes)`);
    }
    const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    switch (type) {
      case FrameType.SynStream: {
        const id = view.getUint32(0) & 0x7fffffff;
        // Client streams are odd and increase (SPDY/3 section 2.3.2); anything else is a protocol error.
        if (id % 2 === 0 || id <= this.lastStreamId) throw new SpdyProtocolError(`invalid stream id ${id}`);
        this.lastStreamId = id;
        // Decoded even when refused: header blocks share one compression context.
        const headers = this.decoder.decode(payload.subarray(10));
        if (this.streams.size >= MAX_OPEN_STREAMS) {
          this.control(FrameType.RstStream, 0, u32pair(id, RST_REFUSED_STREAM));
          return;
        }
        const stream = new SpdyStream(this, id, headers);
        this.streams.set(id, stream);
        this.onStream(stream);
        if (flags & FLAG_FIN) stream.remoteEnd();
        return;
      }
      case FrameType.RstStream: {
        const id = view.getUint32(0) & 0x7fffffff;
        const stream = this.streams.get(id);
        this.streams.delete(id);
        stream?.remoteEnd();
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
