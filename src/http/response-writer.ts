import type { ByteStream, Disposable } from '../protocol/byte-stream.js';
import { encodeChunk, LAST_CHUNK } from './body-decoder.js';
import { HttpHeaders } from './headers.js';
import { statusText } from './status-text.js';

type HeadersInit = HttpHeaders | Record<string, string | number | undefined> | Iterable<readonly [string, string]>;

const encoder = new TextEncoder();
const toBytes = (d: Uint8Array | string): Uint8Array => (typeof d === 'string' ? encoder.encode(d) : d);

/** How a response body is framed on the wire. */
type Framing = 'none' | 'length' | 'chunked' | 'close';

/** What the connection needs to know about one response (internal to the server). */
export interface ResponseHooks {
  stream: ByteStream;
  httpVersion: '1.0' | '1.1';
  method: string;
  /**
   * The connection may carry another request after this one (the request asked for it: 1.1 without `close`, or 1.0
   * with keep-alive; and the server read its whole body). Read when the head is sent.
   */
  readonly keepAlive: boolean;
  onFinish(keepAlive: boolean): void;
  onUpgrade(): ByteStream;
  onConnectionClose(listener: () => void): Disposable;
}

/**
 * Writes one response. Headers go out the moment `writeHead` is called (a watch or `logs -f` client waits for
 * them before any event). Without Content-Length, an HTTP/1.1 body is chunked so it can stream.
 */
export class ResponseWriter {
  private framing: Framing = 'none';
  private sent = false;
  private done = false;
  private remaining = 0;
  private keepAlive = true;

  constructor(private readonly hooks: ResponseHooks) {}

  get headersSent(): boolean {
    return this.sent;
  }

  get finished(): boolean {
    return this.done;
  }

  /** Send the status line and headers now. */
  writeHead(status: number, init?: HeadersInit, reason = statusText(status)): void {
    if (this.sent) throw new Error('response headers already sent');
    this.sent = true;
    this.keepAlive = this.hooks.keepAlive;
    const headers = init instanceof HttpHeaders ? init : new HttpHeaders(init);
    const noBody = this.hooks.method === 'HEAD' || status < 200 || status === 204 || status === 304;
    const length = headers.get('content-length');
    if (headers.hasToken('connection', 'close')) this.keepAlive = false;
    if (noBody) {
      this.framing = 'none';
    } else if (length !== undefined) {
      this.framing = 'length';
      this.remaining = Number(length);
    } else if (this.hooks.httpVersion === '1.1') {
      this.framing = 'chunked';
      headers.set('Transfer-Encoding', 'chunked');
    } else {
      this.framing = 'close';
      this.keepAlive = false;
    }
    if (!headers.has('date')) headers.set('Date', new Date().toUTCString());
    if (!this.keepAlive && status !== 101) headers.set('Connection', 'close');
    else if (this.hooks.httpVersion === '1.0' && this.keepAlive) headers.set('Connection', 'keep-alive');
    let head = `HTTP/1.1 ${status} ${reason}\r\n`;
    for (const [name, value] of headers) head += `${name}: ${value}\r\n`;
    this.hooks.stream.write(encoder.encode(head + '\r\n'));
  }

  /** Send body bytes (headers default to 200 if not yet sent). */
  write(data: Uint8Array | string): void {
    if (this.done) return;
    if (!this.sent) this.writeHead(200);
    const bytes = toBytes(data);
    if (bytes.length === 0) return;
    switch (this.framing) {
      case 'none':
        return;
      case 'chunked':
        this.hooks.stream.write(encodeChunk(bytes));
        return;
      case 'length': {
        const take = bytes.subarray(0, Math.max(0, this.remaining));
        this.remaining -= take.length;
        if (take.length) this.hooks.stream.write(take);
        return;
      }
      case 'close':
        this.hooks.stream.write(bytes);
    }
  }

  /** Finish the response; with `data` and no headers sent yet, the body gets a Content-Length. */
  end(data?: Uint8Array | string): void {
    if (this.done) return;
    if (!this.sent) {
      const bytes = data === undefined ? new Uint8Array(0) : toBytes(data);
      this.writeHead(200, { 'Content-Length': bytes.length });
      data = bytes;
    }
    if (data !== undefined) this.write(data);
    this.done = true;
    if (this.framing === 'chunked') this.hooks.stream.write(LAST_CHUNK);
    // A Content-Length body cut short leaves the peer unable to find the next message: close instead.
    const reusable = this.keepAlive && this.framing !== 'close' && !(this.framing === 'length' && this.remaining > 0);
    this.hooks.onFinish(reusable);
  }

  /** Status, headers and a whole body in one call. */
  send(status: number, headers: Record<string, string | number | undefined>, body: Uint8Array | string = ''): void {
    const bytes = toBytes(body);
    this.writeHead(status, { ...headers, 'Content-Length': bytes.length });
    this.end(bytes);
  }

  /**
   * Switch protocols: send `101` with `headers` and take the raw connection (SPDY for exec, a hijacked Docker
   * attach). The HTTP server stops reading; bytes already received after the request head come first.
   */
  upgrade(headers: Record<string, string>): ByteStream {
    this.writeHead(101, { Connection: 'Upgrade', ...headers });
    this.done = true;
    return this.hooks.onUpgrade();
  }

  /** The connection closed (client went away): stop a watch or a log stream. */
  onClose(listener: () => void): Disposable {
    return this.hooks.onConnectionClose(listener);
  }
}
