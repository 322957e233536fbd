import type { Disposable } from '../protocol/byte-stream.js';

/**
 * A one-event listener list that holds values back until someone listens.
 *
 * Bytes arrive on their own schedule, often before the caller had the chance to subscribe (the first bytes of an
 * upgraded connection, a container's output); holding them until the first listener means none is ever dropped.
 */
export class BufferedEmitter<T> {
  private readonly listeners = new Set<(value: T) => void>();
  private pending: T[] | undefined = [];

  on(listener: (value: T) => void): Disposable {
    this.listeners.add(listener);
    const backlog = this.pending;
    if (backlog) {
      this.pending = undefined;
      for (const value of backlog) listener(value);
    }
    return { dispose: () => this.listeners.delete(listener) };
  }

  emit(value: T): void {
    if (this.pending) this.pending.push(value);
    else for (const listener of [...this.listeners]) listener(value);
  }
}

/** An event that fires at most once; late listeners are called at once (like a settled promise, but synchronous). */
export class OnceSignal {
  private fired = false;
  private readonly listeners = new Set<() => void>();

  get done(): boolean {
    return this.fired;
  }

  on(listener: () => void): Disposable {
    if (this.fired) {
      listener();
      return { dispose: () => {} };
    }
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  fire(): void {
    if (this.fired) return;
    this.fired = true;
    for (const listener of [...this.listeners]) listener();
    this.listeners.clear();
  }
}
