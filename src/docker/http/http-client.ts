import type { ByteStream } from '../../protocol/byte-stream.js';
import { HttpParseError } from '../../http/head-parser.js';
import { ReceiveBuffer } from '../../http/receive-buffer.js';
import { MAX_RESPONSE_HEAD_BYTES } from '../../http/response-limits.js';
import { BodyReader } from './body-reader.js';
import { indexOfHeadEnd, utf8 } from './bytes.js';
import { ChunkedDecoder } from './chunked-decoder.js';
import { hijackedStream } from './hijacked-stream.js';
import { parseResponseHead, type ResponseHead } from './response-head.js';

/** Opens a fresh connection to the server (for Docker: the guest's /var/run/docker.sock through the guest link). */
export type StreamFactory = () => Promise<ByteStream>;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  /** Path and query, e.g. `/v1.41/containers/json?all=1`. */
  path: string;
  headers?: Record<string, string>;
  /** A string or bytes; objects are sent as JSON. */
  body?: Uint8Array | string | object;
  /**
   * Take over the connection after the response head (Docker attach and exec start): the response then carries
   * `stream` instead of a body.
   */
  hijack?: boolean;
  /**
   * Give up (close the connection, reject) when the response head has not arrived after this long. Bodies may
   * stream for as long as they like. @default no limit
   */
  headTimeoutMs?: number;
}

export interface HttpResponse extends ResponseHead {
  body: BodyReader;
  /** Only for hijacked requests with a 101 or 2xx reply: the raw connection. */
  stream?: ByteStream;
}

/**
 * A minimal HTTP/1.1 client, one connection per request.
 *
 * One connection per request keeps it trivially correct for streaming replies (logs -f, events) that hold a
 * connection open for minutes; opening a guest-link channel is cheap compared with anything dockerd does.
 */
export async function httpRequest(connect: StreamFactory, request: HttpRequest): Promise<HttpResponse> {
  const stream = await connect();
  const headers: Record<string, string> = { Host: 'docker', ...request.headers };
  let body: Uint8Array | undefined;
  if (request.body !== undefined) {
    if (typeof request.body === 'string') body = utf8(request.body);
    else if (request.body instanceof Uint8Array) body = request.body;
    else {
      body = utf8(JSON.stringify(request.body));
      headers['Content-Type'] ??= 'application/json';
    }
  }
  if (body || request.method === 'POST' || request.method === 'PUT')
    headers['Content-Length'] = String(body?.length ?? 0);
  if (request.hijack) {
    headers['Connection'] = 'Upgrade';
    headers['Upgrade'] = 'tcp';
  } else headers['Connection'] = 'close';
  const head = [`${request.method} ${request.path} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  stream.write(utf8(head.join('\r\n') + '\r\n\r\n'));
  if (body?.length) stream.write(body);
  return readResponse(stream, request);
}

function readResponse(stream: ByteStream, request: HttpRequest): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolveHead, rejectHead) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const resolve = (r: HttpResponse) => {
      clearTimeout(timer);
      resolveHead(r);
    };
    const reject = (e: Error) => {
      clearTimeout(timer);
      rejectHead(e);
    };
    if (request.headTimeoutMs !== undefined) {
      timer = setTimeout(() => {
        stream.close();
        rejectHead(new Error(`no response to ${request.method} ${request.path} within ${request.headTimeoutMs} ms`));
      }, request.headTimeoutMs);
    }
    // The head may come in many small packets: kept in linear time, searched once, and at most 64 KiB of it.
    const pending = new ReceiveBuffer();
    let response: HttpResponse | undefined;
    let decode: ((data: Uint8Array) => void) | undefined;
    let streamEnded = false;
    const fail = (error: Error) => {
      if (!response) reject(error);
      else response.body.finish(error);
    };

    const dataSub = stream.onData((data) => {
      if (decode) return decode(data);
      const searched = pending.length;
      pending.append(data);
      const buffered = pending.view();
      const end = indexOfHeadEnd(buffered, searched - 3);
      let head: ResponseHead;
      try {
        if (end < 0 && buffered.length <= MAX_RESPONSE_HEAD_BYTES) return;
        if (end < 0 || end > MAX_RESPONSE_HEAD_BYTES) {
          throw new HttpParseError(`response head larger than ${MAX_RESPONSE_HEAD_BYTES} bytes`, 431);
        }
        head = parseResponseHead(buffered.subarray(0, end));
      } catch (error) {
        pending.consume(pending.length);
        // Reject first: closing may report "connection closed" synchronously.
        reject(error as Error);
        stream.close();
        return;
      }
      pending.consume(end + 4);
      const rest = pending.takeAll();
      const body = new BodyReader(() => stream.close(), `${request.method} ${request.path}`);
      response = { ...head, body };
      if (request.hijack && (head.status === 101 || (head.status >= 200 && head.status < 300))) {
        dataSub.dispose();
        endSub.dispose();
        closeSub.dispose();
        response.stream = hijackedStream(stream, rest, streamEnded);
        body.finish();
        return resolve(response);
      }
      decode = bodyDecoder(head, request, body, () => stream.close());
      resolve(response);
      if (rest.length) decode(rest);
    });
    const endSub = stream.onEnd(() => {
      streamEnded = true;
      if (!response) return fail(new Error('connection closed before the HTTP response head'));
      // Close-delimited bodies end here; for the others this is a no-op if they already completed.
      response.body.finish();
    });
    const closeSub = stream.onClose((error) => {
      if (!response) return fail(error ?? new Error('connection closed before the HTTP response head'));
      response.body.finish(error);
    });
  });
}

function bodyDecoder(
  head: ResponseHead,
  request: HttpRequest,
  body: BodyReader,
  close: () => void,
): (data: Uint8Array) => void {
  const noBody = request.method === 'HEAD' || head.status === 204 || head.status === 304;
  const done = () => {
    body.finish();
    close();
  };
  if (noBody) {
    queueMicrotask(done);
    return () => {};
  }
  if (/chunked/i.test(head.headers.get('transfer-encoding') ?? '')) {
    const decoder = new ChunkedDecoder();
    return (data) => {
      try {
        for (const part of decoder.push(data)) body.push(part);
      } catch (error) {
        body.finish(error as Error);
        close();
        return;
      }
      if (decoder.done) done();
    };
  }
  const lengthHeader = head.headers.get('content-length');
  if (lengthHeader !== undefined) {
    let remaining = Number(lengthHeader);
    if (remaining === 0) queueMicrotask(done);
    return (data) => {
      if (remaining <= 0) return;
      const part = data.length > remaining ? data.subarray(0, remaining) : data;
      remaining -= part.length;
      body.push(part);
      if (remaining === 0) done();
    };
  }
  // No length and not chunked: the body runs until the server closes the connection.
  return (data) => body.push(data);
}
