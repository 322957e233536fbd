import type { ChunkQueue } from './chunk-queue.js';
import type { HttpHeaders } from './headers.js';

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
  ) {
    const q = target.indexOf('?');
    this.path = q < 0 ? target : target.slice(0, q);
    this.query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  }

  /** The body chunk by chunk (for large uploads). Read it at most once, either this way or with `body()`. */
  bodyChunks(): AsyncIterable<Uint8Array> {
    return this.bodyQueue;
  }

  /** The whole body. */
  body(): Promise<Uint8Array> {
    return this.bodyQueue.collect();
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(await this.body());
  }
}
