import { tooLarge, type ChunkQueue } from './chunk-queue.js';
import type { HttpHeaders } from './headers.js';

/** What `body()` collects at most unless told otherwise: kube-apiserver's request body limit (3 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;

/** One parsed HTTP request as a server handler sees it. The body streams in as it arrives. */
export class HttpRequest {
  /** The path part of the target, percent-decoding left to the router (Kubernetes names never need it). */
  readonly path: string;
  readonly query: URLSearchParams;

  constructor(
    readonly method: string,
    /** The request target exactly as sent (`/api/v1/pods?watch=true`). */
    readonly target: string,
    readonly httpVersion: '1.0' | '1.1',
    readonly headers: HttpHeaders,
    private readonly bodyQueue: ChunkQueue,
    /** The most `body()` collects (the server's `maxBodyBytes`). */
    readonly maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  ) {
    const q = target.indexOf('?');
    this.path = q < 0 ? target : target.slice(0, q);
    this.query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  }

  /**
   * The body chunk by chunk (for large uploads, which `body()` would refuse). Read it at most once, either this way
   * or with `body()`.
   */
  bodyChunks(): AsyncIterable<Uint8Array> {
    return this.bodyQueue;
  }

  /**
   * The whole body, at most `maxBytes` of it: a longer one (declared or sent) rejects with a 413 HttpParseError and
   * the connection closes after the response.
   */
  body(maxBytes = this.maxBodyBytes): Promise<Uint8Array> {
    const declared = Number(this.headers.get('content-length') ?? 0);
    if (declared > maxBytes) {
      // Known too large up front: refuse before buffering any of it.
      const error = tooLarge(`limit is ${maxBytes}`);
      this.bodyQueue.refuse(error);
      return Promise.reject(error);
    }
    return this.bodyQueue.collect(maxBytes);
  }

  /**
   * Stop reading the body (the handler answers without it, e.g. an upload over a quota): what arrives of it is
   * dropped, a reader gets a 413 error, and the connection closes after the response.
   */
  refuseBody(why: string): void {
    if (!this.bodyQueue.isEnded) this.bodyQueue.refuse(tooLarge(why));
  }

  async text(maxBytes = this.maxBodyBytes): Promise<string> {
    return new TextDecoder().decode(await this.body(maxBytes));
  }
}
