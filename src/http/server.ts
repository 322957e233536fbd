import type { ByteStream, ConnectionHandler, Disposable } from '../protocol/byte-stream.js';
import { chunkedDecoder, lengthDecoder, type BodyDecoder } from './body-decoder.js';
import { ChunkQueue } from './chunk-queue.js';
import type { HttpHeaders } from './headers.js';
import { HttpParseError, MAX_HEAD_BYTES, parseHead } from './head-parser.js';
import { prefixedStream } from './prefixed-stream.js';
import { ReceiveBuffer } from './receive-buffer.js';
import { DEFAULT_MAX_BODY_BYTES, HttpRequest } from './request.js';
import { ResponseWriter } from './response-writer.js';
import { statusText } from './status-text.js';

/** Handles one request. Throwing (or rejecting) before headers are sent answers 500. */
export type HttpHandler = (req: HttpRequest, res: ResponseWriter) => void | Promise<void>;

export interface HttpServerOptions {
  /** Called with errors the server swallowed (handler crashes, protocol errors), for logs. @default ignore */
  onError?: (error: unknown) => void;
  /**
   * The largest body `req.body()` collects (413 beyond it), and also how much of a body the server holds for a
   * handler that has not read it yet (a streaming reader keeps up, so uploads of any size stream through).
   * @default 3 MiB, kube-apiserver's limit
   */
  maxBodyBytes?: number;
}

/**
 * A request answered with this status (an HttpParseError with a 4xx status) gets that status, not 500: the request
 * was at fault (a body cut short, or too large).
 */
function clientErrorStatus(error: unknown): number | undefined {
  return error instanceof HttpParseError && error.status >= 400 && error.status < 500 ? error.status : undefined;
}

/** A ConnectionHandler serving HTTP/1.1 with `handler` on every connection it is given. */
export function createHttpServer(handler: HttpHandler, options: HttpServerOptions = {}): ConnectionHandler {
  return (stream) => serveConnection(stream, handler, options);
}

const encoder = new TextEncoder();

/**
 * Serve HTTP/1.1 on one connection: keep-alive and pipelining (requests are answered in order, one at a time),
 * bodies by Content-Length or chunked, and protocol upgrades.
 */
export function serveConnection(stream: ByteStream, handler: HttpHandler, options: HttpServerOptions = {}): void {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Bytes a client may send ahead (pipelining) while a request is answered: one more request with a full body.
  const maxBacklog = MAX_HEAD_BYTES + maxBodyBytes;
  const buffer = new ReceiveBuffer();
  /** How much of `buffer` was already searched for the end of a head. */
  let searched = 0;
  /** The peer sent more than `maxBacklog` ahead: stop reading, close after the current response. */
  let overflowed = false;
  let state: 'head' | 'busy' | 'upgraded' | 'closed' = 'head';
  let body: { decoder: BodyDecoder; queue: ChunkQueue } | undefined;
  let responseDone = false;
  let responseKeepAlive = false;
  let peerEnded = false;
  const closeListeners = new Set<() => void>();
  const subscriptions: Disposable[] = [];

  const shutdown = (): void => {
    if (state === 'closed') return;
    state = 'closed';
    body?.queue.end(new Error('connection closed'));
    for (const s of subscriptions) s.dispose();
    for (const l of [...closeListeners]) l();
    closeListeners.clear();
  };

  const fail = (error: unknown): void => {
    options.onError?.(error);
    if (state === 'busy' || state === 'head') {
      const status = error instanceof HttpParseError ? error.status : 400;
      const message = error instanceof Error ? error.message : String(error);
      if (state === 'head') {
        const text = `${message}\n`;
        stream.write(
          encoder.encode(
            `HTTP/1.1 ${status} ${statusText(status)}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${encoder.encode(text).length}\r\nConnection: close\r\n\r\n${text}`,
          ),
        );
      }
      stream.end();
    }
    shutdown();
  };

  /** Called when both the request body has been read and the response has ended. */
  const maybeNext = (): void => {
    if (state !== 'busy' || !responseDone) return;
    // The rest of a refused body is never read, so the next request could not be found: close instead.
    const skipped = body !== undefined && !body.decoder.done && (body.queue.refused || peerEnded);
    if (body && !body.decoder.done && !skipped) return;
    body = undefined;
    if (!responseKeepAlive || skipped || overflowed) {
      stream.end();
      // Nothing more will be read; tear down once the peer is also done, or now if it already is.
      if (peerEnded) stream.close();
      state = 'closed';
      return;
    }
    state = 'head';
    pump();
  };

  const pump = (): void => {
    try {
      for (;;) {
        if (state === 'busy' && body && !body.decoder.done) {
          // A refused body is skipped, not parsed: the connection closes after the response.
          if (body.queue.refused) buffer.consume(buffer.length);
          if (buffer.length === 0) return;
          const { chunks, used } = body.decoder.push(buffer.view());
          for (const c of chunks) body.queue.push(c);
          buffer.consume(used);
          if (!body.decoder.done) return;
          body.queue.end();
          maybeNext();
          continue;
        }
        if (state !== 'head') return;
        const head = parseHead(buffer.view(), 'request', searched);
        searched = buffer.length;
        if (!head) {
          if (peerEnded) {
            // Peer finished without another request (or mid-head): close our side.
            stream.end();
            shutdown();
          }
          return;
        }
        buffer.consume(head.length);
        searched = 0;
        startRequest(head.startLine, head.headers);
      }
    } catch (error) {
      if (state === 'busy' && body && !body.decoder.done && error instanceof HttpParseError) {
        // Broken body framing (a bad chunk size): the handler learns it as a 400 and answers; then we close.
        options.onError?.(error);
        body.queue.refuse(error);
        buffer.consume(buffer.length);
        maybeNext();
        return;
      }
      fail(error);
    }
  };

  const startRequest = (line: [string, string, string], headers: HttpHeaders): void => {
    const [method, target, version] = line;
    const httpVersion = version === 'HTTP/1.0' ? '1.0' : '1.1';
    const keepAlive =
      httpVersion === '1.1' ? !headers.hasToken('connection', 'close') : headers.hasToken('connection', 'keep-alive');
    const queue = new ChunkQueue(maxBodyBytes);
    let decoder: BodyDecoder;
    if (headers.hasToken('transfer-encoding', 'chunked')) {
      decoder = chunkedDecoder();
    } else if (headers.has('content-length')) {
      const text = headers.get('content-length')!;
      if (!/^\d+$/.test(text)) throw new HttpParseError(`invalid Content-Length ${JSON.stringify(text)}`);
      decoder = lengthDecoder(Number(text));
    } else {
      decoder = lengthDecoder(0);
    }
    if (decoder.done) queue.end();
    body = { decoder, queue };
    state = 'busy';
    responseDone = false;
    const req = new HttpRequest(method, target, httpVersion, headers, queue, maxBodyBytes);
    const res = new ResponseWriter({
      stream,
      httpVersion,
      method,
      // Read when the head goes out: a body refused by then means `Connection: close`.
      get keepAlive() {
        return keepAlive && !queue.refused && !overflowed;
      },
      onFinish(reusable) {
        responseDone = true;
        responseKeepAlive = reusable;
        // Defer: the handler may still be on the stack; the next pipelined request must not re-enter it.
        queueMicrotask(maybeNext);
      },
      onUpgrade() {
        state = 'upgraded';
        for (const s of subscriptions) s.dispose();
        return prefixedStream(stream, buffer.takeAll());
      },
      onConnectionClose(listener) {
        if (state === 'closed') {
          queueMicrotask(listener);
          return { dispose() {} };
        }
        closeListeners.add(listener);
        return { dispose: () => closeListeners.delete(listener) };
      },
    });
    const finishWithError = (error: unknown): void => {
      options.onError?.(error);
      const clientError = clientErrorStatus(error);
      if (!res.headersSent && clientError) {
        res.send(clientError, { 'Content-Type': 'text/plain; charset=utf-8' }, `${(error as Error).message}\n`);
      } else if (!res.headersSent) {
        res.send(500, { 'Content-Type': 'text/plain; charset=utf-8' }, `internal error: ${String(error)}\n`);
      } else if (!res.finished) {
        stream.close();
        shutdown();
      }
    };
    try {
      const result = handler(req, res);
      if (result && typeof result.then === 'function') result.then(undefined, finishWithError);
    } catch (error) {
      finishWithError(error);
    }
  };

  subscriptions.push(
    stream.onData((data) => {
      if (state === 'upgraded' || state === 'closed' || overflowed) return;
      buffer.append(data);
      const waiting = state === 'busy' && (!body || body.decoder.done);
      if (waiting && buffer.length > maxBacklog) {
        // Sent far ahead of the answers: nothing that size is a request we will read. Drop it and stop reading.
        overflowed = true;
        buffer.consume(buffer.length);
        options.onError?.(new HttpParseError(`more than ${maxBacklog} bytes pipelined behind a request`));
        return;
      }
      pump();
    }),
    stream.onEnd(() => {
      peerEnded = true;
      if (state === 'head') pump();
      else if (state === 'busy' && body && !body.decoder.done) {
        // The client half-closed mid-body: its request is malformed (400), and the answer can still reach it.
        body.queue.end(new HttpParseError('the request body ended before its declared length'));
      }
    }),
    stream.onClose(() => shutdown()),
  );
}
