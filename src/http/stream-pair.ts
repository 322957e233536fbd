import type { ByteStream, Disposable } from '../protocol/byte-stream.js';
import { Listeners } from '../protocol/listeners.js';

/**
 * Two connected in-memory ByteStreams (what one writes, the other reads), for tests and for in-process callers of
 * byte-stream servers. Delivery is asynchronous (a microtask), like a real transport, so re-entrancy bugs show up.
 */
export function createStreamPair(): [ByteStream, ByteStream] {
  const a = new MemoryEnd();
  const b = new MemoryEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

class MemoryEnd implements ByteStream {
  peer!: MemoryEnd;
  private writable = true;
  private readEnded = false;
  private closed = false;
  private readonly data = new Listeners<[Uint8Array]>();
  private readonly ends = new Listeners<[]>();
  private readonly closes = new Listeners<[Error | undefined]>();

  write(data: Uint8Array): void {
    if (!this.writable || data.length === 0) return;
    const copy = data.slice();
    queueMicrotask(() => this.peer.receive(copy));
  }

  end(): void {
    if (!this.writable) return;
    this.writable = false;
    queueMicrotask(() => {
      this.peer.receiveEnd();
      this.maybeClosed();
    });
  }

  close(): void {
    if (this.closed) return;
    this.writable = false;
    queueMicrotask(() => {
      this.receiveEnd();
      this.finish();
      this.peer.receiveEnd();
      this.peer.finish();
    });
  }

  onData(l: (d: Uint8Array) => void): Disposable {
    return this.data.add(l);
  }
  onEnd(l: () => void): Disposable {
    return this.ends.add(l);
  }
  onClose(l: (e?: Error) => void): Disposable {
    return this.closes.add(l);
  }

  private receive(d: Uint8Array): void {
    if (!this.readEnded) this.data.emit(d);
  }

  private receiveEnd(): void {
    if (this.readEnded) return;
    this.readEnded = true;
    this.ends.emit();
    this.maybeClosed();
  }

  private maybeClosed(): void {
    if (this.readEnded && !this.writable) this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.writable = false;
    this.closes.emit(undefined);
  }
}
