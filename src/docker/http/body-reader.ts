import type { Disposable } from '../../protocol/byte-stream.js';
import { MAX_RESPONSE_BODY_BYTES, responseTooLarge } from '../../http/response-limits.js';
import { BufferedEmitter, OnceSignal } from '../emitter.js';
import { concatBytes } from '../../protocol/bytes.js';
import { fromUtf8 } from './bytes.js';

/** A response body as it arrives: listen to it (streams) or collect it (ordinary replies). */
export class BodyReader {
  private readonly data = new BufferedEmitter<Uint8Array>();
  private readonly ended = new OnceSignal();
  private failure: Error | undefined;

  constructor(
    private readonly abort: () => void,
    /** `GET /v1.41/info`: named in errors. */
    private readonly request = 'response',
  ) {}

  onData(listener: (data: Uint8Array) => void): Disposable {
    return this.data.on(listener);
  }

  /** The body is complete, the connection dropped, or {@link close} was called. Fires at most once. */
  onEnd(listener: (error?: Error) => void): Disposable {
    return this.ended.on(() => listener(this.failure));
  }

  /** Stop reading and drop the connection (e.g. the client stopped following a log). */
  close(): void {
    this.abort();
    this.finish();
  }

  /**
   * The whole body, at most `maxBytes` of it: a longer one rejects (a 413 HttpParseError naming the limit) and the
   * connection is dropped, so a guest that answers without end cannot fill the worker.
   */
  async bytes(maxBytes = MAX_RESPONSE_BODY_BYTES): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let total = 0;
    this.onData((d) => {
      if (total > maxBytes) return; // already refused
      total += d.length;
      if (total <= maxBytes) parts.push(d);
      else {
        parts.length = 0;
        // Fail first: dropping the connection ends the body, which must not read as complete.
        this.finish(responseTooLarge(this.request, maxBytes));
        this.abort();
      }
    });
    await new Promise<void>((resolve, reject) => this.onEnd((e) => (e ? reject(e) : resolve())));
    return concatBytes(parts);
  }

  async text(maxBytes = MAX_RESPONSE_BODY_BYTES): Promise<string> {
    return fromUtf8(await this.bytes(maxBytes));
  }

  /** @internal the HTTP client feeds decoded bytes here. */
  push(data: Uint8Array): void {
    if (!this.ended.done && data.length) this.data.emit(data);
  }

  /** @internal */
  finish(error?: Error): void {
    if (this.ended.done) return;
    this.failure = error;
    this.ended.fire();
  }
}
