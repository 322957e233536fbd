import type { Disposable } from '../protocol/byte-stream.js';
import { concatBytes } from '../protocol/bytes.js';
import { HttpParseError } from './head-parser.js';

/**
 * A single-consumer queue of byte chunks with an end (or an error), readable as an async iterable. Bodies are
 * pushed by the parser as they arrive; a reader may stream them (a registry blob upload), collect them at once, or
 * listen to them (`listen`: Docker's `logs -f`, which is read as it comes for as long as it runs).
 *
 * Nothing pushes back on the peer (a guest TCP connection cannot be paused), so the queue bounds what it holds:
 * more than `maxUnread` bytes nobody has read yet, or a `collect` over its limit, *refuses* the body. A refused
 * queue fails its reader with a 413 error and drops the rest of the body as it arrives; the server then closes the
 * connection after the response instead of reading the next request out of a body it skipped.
 */
export class ChunkQueue implements AsyncIterable<Uint8Array> {
  private readonly chunks: Uint8Array[] = [];
  private ended = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;
  private unread = 0;
  private refusedWith: HttpParseError | undefined;
  private readonly listeners = new Set<(chunk: Uint8Array) => void>();
  private listened = false;
  private readonly endListeners = new Set<(error?: Error) => void>();

  /**
   * @param maxUnread bytes held for a reader that has not read them yet. @default no limit
   * @param overLimit the error a body over a limit (`maxUnread`, or `collect`'s) fails with. @default a request's 413
   */
  constructor(
    readonly maxUnread = Infinity,
    private readonly overLimit?: (limit: number) => HttpParseError,
  ) {}

  push(chunk: Uint8Array): void {
    if (this.ended || chunk.length === 0) return;
    if (this.listened) {
      // Copy: the caller's buffer may be a view into a connection buffer that is reused.
      const copy = chunk.slice();
      for (const listener of [...this.listeners]) listener(copy);
      return;
    }
    this.unread += chunk.length;
    if (this.unread > this.maxUnread) {
      this.refuse(
        this.overLimit?.(this.maxUnread) ?? tooLarge(`more than ${this.maxUnread} bytes of it were left unread`),
      );
      return;
    }
    // Copy: the caller's buffer may be a view into a connection buffer that is reused.
    this.chunks.push(chunk.slice());
    this.signal();
  }

  end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.error = error;
    this.signal();
    const listeners = [...this.endListeners];
    this.endListeners.clear();
    for (const listener of listeners) listener(error);
  }

  /**
   * Read by listening instead of iterating: the chunks held so far go to the first listener at once, later ones to
   * every listener as they are pushed. From then on nothing is held, so `maxUnread` no longer applies (a listener
   * keeps up by definition); a chunk pushed while no listener is left is dropped.
   */
  listen(listener: (chunk: Uint8Array) => void): Disposable {
    this.listeners.add(listener);
    if (!this.listened) {
      this.listened = true;
      const held = this.chunks.splice(0);
      this.unread = 0;
      for (const chunk of held) listener(chunk);
    }
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Called once the queue ended, with its error if it failed; at once if it already has. */
  onEnd(listener: (error?: Error) => void): Disposable {
    if (this.ended) {
      listener(this.error);
      return { dispose() {} };
    }
    this.endListeners.add(listener);
    return { dispose: () => this.endListeners.delete(listener) };
  }

  /** Stop taking the body: the reader gets `error`, held chunks are dropped, later ones ignored. */
  refuse(error: HttpParseError): void {
    if (this.refusedWith) return;
    this.refusedWith = error;
    this.chunks.length = 0;
    this.unread = 0;
    this.ended = false;
    this.end(error);
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** The body was refused (too large): the rest of it will not be read. */
  get refused(): boolean {
    return this.refusedWith !== undefined;
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      if (this.chunks.length) {
        const chunk = this.chunks.shift()!;
        this.unread -= chunk.length;
        yield chunk;
        continue;
      }
      if (this.ended) {
        if (this.error) throw this.error;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Everything until the end, as one buffer; more than `maxBytes` refuses the body (413). */
  async collect(maxBytes = Infinity): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let total = 0;
    for await (const c of this) {
      total += c.length;
      if (total > maxBytes) {
        const error = this.overLimit?.(maxBytes) ?? tooLarge(`limit is ${maxBytes}`);
        this.refuse(error);
        throw error;
      }
      parts.push(c);
    }
    return concatBytes(parts);
  }
}

/** The 413 a refused body answers (kube-apiserver's wording: `Request entity too large: limit is 3145728`). */
export function tooLarge(why: string): HttpParseError {
  return new HttpParseError(`Request entity too large: ${why}`, 413);
}
