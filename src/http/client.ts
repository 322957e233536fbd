import type { ByteStream, Disposable } from '../protocol/byte-stream.js';
import { chunkedDecoder, lengthDecoder, untilCloseDecoder, type BodyDecoder } from './body-decoder.js';
import { ChunkQueue } from './chunk-queue.js';
import { HttpHeaders } from './headers.js';
import { HttpParseError, parseHead } from './head-parser.js';
import { prefixedStream } from './prefixed-stream.js';
import { ReceiveBuffer } from './receive-buffer.js';
import { MAX_RESPONSE_BODY_BYTES, MAX_RESPONSE_HEAD_BYTES, responseTooLarge } from './response-limits.js';

export interface HttpClientRequest {
  method: string;
  /** Request target: path and query (`/v1.41/containers/json?all=1`). */
  path: string;
  /** @default Host: localhost */
  headers?: Record<string, string | number | undefined>;
  body?: Uint8Array | string;
}

export interface HttpClientResponse {
  status: number;
  reason: string;
  headers: HttpHeaders;
  /**
   * The body as it streams in (`docker logs -f`, a preview). Read it once, or use bytes()/text()/json(). Bytes
   * that arrived but were not read yet are held up to the connection's `maxBodyBytes`; past that the body fails.
   */
  body: AsyncIterable<Uint8Array>;
  /** The whole body; one over the connection's `maxBodyBytes` rejects (413 HttpParseError) and closes it. */
  bytes(): Promise<Uint8Array>;
  text(): Promise<string>;
  json<T = unknown>(): Promise<T>;
  /** After `101 Switching Protocols` (or a Docker attach hijack): the raw connection, now the new protocol's. */
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
 * Enough for the Docker Engine API and for tests; not a general-purpose user agent (no redirects, no cookies).
 *
 * The peer is the guest, so it may send anything: received bytes are buffered in linear time (`ReceiveBuffer`),
 * a head may be 64 KiB, a body read whole `maxBodyBytes`, and bytes sent while no request waits for an answer at
 * most a head's worth (a server cannot answer what was not asked; past that the connection is closed).
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
      stream.onClose(() => {
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
      const step = (event: 'data' | 'end'): void => {
        try {
          if (!queue) {
            const parsed = parseHead(this.buffer.view(), 'response', this.searched);
            this.searched = this.buffer.length;
            if (!parsed) {
              if (event === 'end' || this.ended) throw new HttpParseError('connection closed before the response');
              return;
            }
            this.buffer.consume(parsed.length);
            this.searched = 0;
            const status = Number(parsed.startLine[1]);
            if (status === 100) return step(event); // interim response: wait for the real one
            const limit = this.maxBodyBytes;
            queue = new ChunkQueue(limit, () => responseTooLarge(`${req.method} ${req.path}`, limit));
            const res = makeResponse(status, parsed.startLine[2], parsed.headers, queue, finished, () => this.abort());
            // Docker hijacks an attach connection with a 200 + raw-stream content type when Upgrade was asked for.
            const upgradeRequested = headers.hasToken('connection', 'upgrade');
            if (status === 101 || (upgradeRequested && parsed.headers.get('content-type')?.includes('vnd.docker'))) {
              // The connection now belongs to the caller.
              this.current = undefined;
              for (const s of this.subscriptions) s.dispose();
              res.upgraded = prefixedStream(this.stream, this.buffer.takeAll());
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
              queue.end(new Error('connection closed before the response body ended'));
              this.current = undefined;
              finish();
            } else done();
          }
        } catch (error) {
          this.current = undefined;
          // A malformed or oversized head leaves the connection unusable (the next response cannot be found).
          if (!queue) this.abort();
          queue?.end(error as Error);
          finish();
          reject(error);
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
  const bytes = (): Promise<Uint8Array> =>
    queue.collect(queue.maxUnread).catch((error: unknown) => {
      // Refused as too large: the rest of the body will not be read, so the connection cannot carry another.
      if (queue.refused) abort();
      throw error;
    });
  const text = async (): Promise<string> => new TextDecoder().decode(await bytes());
  return {
    status,
    reason,
    headers,
    body: queue,
    bytes,
    text,
    json: async <T>() => JSON.parse(await text()) as T,
    finished,
  };
}

/** One request on a fresh connection, closing it afterwards. */
export async function httpRequest(
  stream: ByteStream,
  req: HttpClientRequest,
  options: HttpClientOptions = {},
): Promise<HttpClientResponse> {
  const conn = new HttpClientConnection(stream, options);
  const res = await conn.request({ ...req, headers: { Connection: 'close', ...req.headers } });
  return res;
}
