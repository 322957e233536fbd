import type { ByteStream, Disposable } from '../protocol/byte-stream.js';
import { chunkedDecoder, lengthDecoder, untilCloseDecoder, type BodyDecoder } from './body-decoder.js';
import { ChunkQueue } from './chunk-queue.js';
import { HttpHeaders } from './headers.js';
import { HttpParseError, parseHead } from './head-parser.js';
import { ReceiveBuffer } from './receive-buffer.js';
import { ResponseBody } from './response-body.js';
import { MAX_RESPONSE_BODY_BYTES, MAX_RESPONSE_HEAD_BYTES, responseTooLarge } from './response-limits.js';
import { upgradedStream } from './upgraded-stream.js';

export interface HttpClientRequest {
  method: string;
  /** Request target: path and query (`/v1.41/containers/json?all=1`). */
  path: string;
  /**
   * `Connection: Upgrade` asks for the connection itself after the answer (a protocol switch, Docker's attach and
   * exec start): see `HttpClientResponse.upgraded`. @default Host: localhost
   */
  headers?: Record<string, string | number | undefined>;
  body?: Uint8Array | string;
  /**
   * Give up when the response head has not arrived this long after the request went out: the request rejects and
   * the connection is closed (a stuck guest must not hang its caller). A body may stream for as long as it likes.
   * @default no limit
   */
  headTimeoutMs?: number;
}

export interface HttpClientResponse {
  status: number;
  reason: string;
  headers: HttpHeaders;
  /**
   * The body as it streams in (`docker logs -f`, a preview): read it one way, once (iterate, listen, or whole).
   * Bytes that arrived but were not read yet are held up to the connection's `maxBodyBytes`; past that it fails.
   */
  body: ResponseBody;
  /** The whole body; one over the connection's `maxBodyBytes` rejects (413 HttpParseError) and closes it. */
  bytes(): Promise<Uint8Array>;
  text(): Promise<string>;
  json<T = unknown>(): Promise<T>;
  /**
   * The raw connection, now the new protocol's: after `101 Switching Protocols`, or a 2xx to a request that asked
   * for an upgrade (dockerd hijacks attach and exec start with `200 OK` when it does not answer 101). The body is
   * then empty and the connection belongs to the caller.
   */
  upgraded?: ByteStream;
}

export interface HttpClientOptions {
  /**
   * The largest body `bytes()`/`text()`/`json()` read, and the most of a streamed body held unread.
   * @default MAX_RESPONSE_BODY_BYTES (16 MiB)
   */
  maxBodyBytes?: number;
}

const encoder = new TextEncoder();

/**
 * HTTP/1.1 client over one ByteStream: requests go one after another on the same connection (keep-alive).
 * Wharf's one client: the Docker Engine API, the kubelet's probes, the preview, the port list and tests. Not a
 * general-purpose user agent (no redirects, no cookies).
 *
 * The peer is the guest, so it may send anything: received bytes are buffered in linear time (`ReceiveBuffer`),
 * a head may be 64 KiB, a body read whole `maxBodyBytes`, and bytes sent while no request waits for an answer at
 * most a head's worth (a server cannot answer what was not asked; past that the connection is closed). A malformed
 * head or body closes the connection too: where the next response would start is unknown.
 */
export class HttpClientConnection {
  private readonly buffer = new ReceiveBuffer();
  /** How much of `buffer` was already searched for the end of a response head. */
  private searched = 0;
  private current: ((event: 'data' | 'end') => void) | undefined;
  private ended = false;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly subscriptions: Disposable[];
  private readonly maxBodyBytes: number;
  /** Why the transport closed, when it says (the guest link names the VM stopping). */
  private closeError: Error | undefined;

  constructor(
    private readonly stream: ByteStream,
    options: HttpClientOptions = {},
  ) {
    this.maxBodyBytes = options.maxBodyBytes ?? MAX_RESPONSE_BODY_BYTES;
    this.subscriptions = [
      stream.onData((d) => {
        if (this.ended) return;
        this.buffer.append(d);
        if (this.current) this.current('data');
        else if (this.buffer.length > MAX_RESPONSE_HEAD_BYTES) this.abort();
      }),
      stream.onEnd(() => {
        this.ended = true;
        this.current?.('end');
      }),
      stream.onClose((error) => {
        this.closeError ??= error;
        this.ended = true;
        this.current?.('end');
      }),
    ];
  }

  /** Send a request; resolves when the response head has arrived (the body may still be streaming). */
  request(req: HttpClientRequest): Promise<HttpClientResponse> {
    const run = this.chain.then(() => this.send(req));
    // The next request waits for this response's body to finish, not just its head.
    this.chain = run.then(
      (res) => (res as HttpClientResponse & { finished: Promise<void> }).finished,
      () => undefined,
    );
    return run;
  }

  close(): void {
    for (const s of this.subscriptions) s.dispose();
    this.stream.close();
  }

  /** Stop reading a peer that sent more than we will hold: drop what it sent and close the connection. */
  private abort(): void {
    this.buffer.consume(this.buffer.length);
    this.ended = true;
    this.close();
    this.current?.('end');
  }

  private send(req: HttpClientRequest): Promise<HttpClientResponse & { finished: Promise<void> }> {
    const body =
      req.body === undefined ? undefined : typeof req.body === 'string' ? encoder.encode(req.body) : req.body;
    const headers = new HttpHeaders({ Host: 'localhost', ...req.headers });
    if (body && !headers.has('content-length') && !headers.has('transfer-encoding')) {
      headers.set('Content-Length', String(body.length));
    }
    let head = `${req.method} ${req.path} HTTP/1.1\r\n`;
    for (const [n, v] of headers) head += `${n}: ${v}\r\n`;
    this.stream.write(encoder.encode(head + '\r\n'));
    if (body?.length) this.stream.write(body);

    return new Promise((resolve, reject) => {
      let queue: ChunkQueue | undefined;
      let decoder: BodyDecoder | undefined;
      let closeDelimited = false;
      let finish!: () => void;
      const finished = new Promise<void>((r) => (finish = r));
      const done = (): void => {
        this.current = undefined;
        queue?.end();
        finish();
      };
      const fail = (error: Error): void => {
        this.current = undefined;
        clearTimeout(timer);
        queue?.end(error);
        reject(error);
        // A malformed or missing head or body leaves the connection unusable (the next response cannot be found).
        this.abort();
        finish();
      };
      const timeoutMs = req.headTimeoutMs;
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(
              () => fail(new Error(`no response to ${req.method} ${req.path} within ${timeoutMs} ms`)),
              timeoutMs,
            );
      const step = (event: 'data' | 'end'): void => {
        try {
          if (!queue) {
            const parsed = parseHead(this.buffer.view(), 'response', this.searched);
            this.searched = this.buffer.length;
            if (!parsed) {
              if (event === 'end' || this.ended)
                throw this.closeError ?? new HttpParseError('connection closed before the response head');
              return;
            }
            this.buffer.consume(parsed.length);
            this.searched = 0;
            const status = Number(parsed.startLine[1]);
            if (status === 100) return step(event); // interim response: wait for the real one
            clearTimeout(timer);
            queue = new ChunkQueue(this.maxBodyBytes, (limit) => responseTooLarge(`${req.method} ${req.path}`, limit));
            const res = makeResponse(status, parsed.startLine[2], parsed.headers, queue, finished, () => this.abort());
            const upgradeRequested = headers.hasToken('connection', 'upgrade');
            if (status === 101 || (upgradeRequested && status >= 200 && status < 300)) {
              // The connection now belongs to the caller.
              this.current = undefined;
              for (const s of this.subscriptions) s.dispose();
              res.upgraded = upgradedStream(this.stream, this.buffer.takeAll(), this.ended);
              queue.end();
              finish();
              resolve(res);
              return;
            }
            const noBody = req.method === 'HEAD' || status === 204 || status === 304 || status < 200;
            const length = parsed.headers.get('content-length');
            if (noBody) decoder = lengthDecoder(0);
            else if (parsed.headers.hasToken('transfer-encoding', 'chunked')) decoder = chunkedDecoder();
            else if (length !== undefined) decoder = lengthDecoder(Number(length));
            else {
              decoder = untilCloseDecoder();
              closeDelimited = true;
            }
            resolve(res);
          }
          if (decoder && this.buffer.length) {
            const { chunks, used } = decoder.push(this.buffer.view());
            for (const c of chunks) queue.push(c);
            this.buffer.consume(used);
            // More arrived than a reader took: the body failed with the limit; stop reading the peer.
            if (queue.refused) return this.abort();
          }
          if (decoder?.done) done();
          else if (event === 'end' || this.ended) {
            if (decoder && !closeDelimited) {
              queue.end(this.closeError ?? new Error('connection closed before the response body ended'));
              this.current = undefined;
              finish();
            } else done();
          }
        } catch (error) {
          fail(error as Error);
        }
      };
      this.current = step;
      if (this.buffer.length || this.ended) step(this.ended ? 'end' : 'data');
    });
  }
}

function makeResponse(
  status: number,
  reason: string,
  headers: HttpHeaders,
  queue: ChunkQueue,
  finished: Promise<void>,
  abort: () => void,
): HttpClientResponse & { finished: Promise<void> } {
  const body = new ResponseBody(queue, abort);
  return {
    status,
    reason,
    headers,
    body,
    bytes: () => body.bytes(),
    text: () => body.text(),
    json: async <T>() => JSON.parse(await body.text()) as T,
    finished,
  };
}

/**
 * One request on a fresh connection (`Connection: close`), which is closed once the body has ended; an upgraded
 * connection is the caller's to close.
 */
export async function httpRequest(
  stream: ByteStream,
  req: HttpClientRequest,
  options: HttpClientOptions = {},
): Promise<HttpClientResponse> {
  const conn = new HttpClientConnection(stream, options);
  const res = await conn.request({ ...req, headers: { Connection: 'close', ...req.headers } });
  if (!res.upgraded) res.body.onEnd(() => conn.close());
  return res;
}
