import type { Disposable } from '../../protocol/byte-stream.js';
import { BufferedEmitter, OnceSignal } from '../emitter.js';
import { concatBytes, fromUtf8 } from './bytes.js';

/** A response body as it arrives: listen to it (streams) or collect it (ordinary replies). */
export class BodyReader {
  private readonly data = new BufferedEmitter<Uint8Array>();
  private readonly ended = new OnceSignal();
  private failure: Error | undefined;

  constructor(private readonly abort: () => void) {}

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

  async bytes(): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    this.onData((d) => parts.push(d));
    await new Promise<void>((resolve, reject) => this.onEnd((e) => (e ? reject(e) : resolve())));
    return concatBytes(parts);
  }

  async text(): Promise<string> {
    return fromUtf8(await this.bytes());
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
