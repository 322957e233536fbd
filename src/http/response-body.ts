import type { Disposable } from '../protocol/byte-stream.js';
import type { ChunkQueue } from './chunk-queue.js';

const decoder = new TextDecoder();

/**
 * A response body as it arrives, read one of three ways: iterated (a preview relays it chunk by chunk), listened to
 * (Docker's `logs -f`, events and pull progress, which run as long as they like), or read whole with `bytes()` or
 * `text()`. Iterated, it holds at most the connection's `maxBodyBytes` of chunks not read yet; read whole, it is at
 * most that long unless the caller asks for less (a probe reads 10 KiB). Past a limit the body fails with a 413
 * naming the request and the limit, and the connection is dropped: the rest of the body will not be read.
 */
export class ResponseBody implements AsyncIterable<Uint8Array> {
  constructor(
    private readonly queue: ChunkQueue,
    /** Drop the connection (the body will not be read to its end). */
    private readonly abort: () => void,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return this.queue[Symbol.asyncIterator]();
  }

  /** Each chunk as it arrives; the chunks that came before the first listener go to it first. */
  onData(listener: (data: Uint8Array) => void): Disposable {
    return this.queue.listen(listener);
  }

  /** The body is complete, failed (with the error), or was closed. Fires once; at once when it already has. */
  onEnd(listener: (error?: Error) => void): Disposable {
    return this.queue.onEnd(listener);
  }

  /** Stop reading and drop the connection (a log nobody follows any more): the body ends without an error. */
  close(): void {
    // End first: dropping the connection would otherwise fail the body as cut short.
    this.queue.end();
    this.abort();
  }

  /** The whole body, at most `maxBytes` of it. @default the connection's `maxBodyBytes` */
  async bytes(maxBytes = this.queue.maxUnread): Promise<Uint8Array> {
    try {
      return await this.queue.collect(maxBytes);
    } catch (error) {
      // Refused as too large: the rest of the body will not be read, so the connection cannot carry another.
      if (this.queue.refused) this.abort();
      throw error;
    }
  }

  async text(maxBytes?: number): Promise<string> {
    return decoder.decode(await this.bytes(maxBytes));
  }
}
