import type { Disposable } from '../../protocol/byte-stream.js';

/**
 * A listener list that holds events until the first listener subscribes. Frames are dispatched synchronously, so
 * output can arrive before the code that awaited `spawn()`/`connect()` has attached its listeners; nothing is lost.
 * `onDeliver` runs for each event handed to a listener (used to return flow-control credit only for consumed bytes).
 */
export class BufferedEmitter<T> {
  private listeners: Array<(value: T) => void> = [];
  private held: T[] = [];

  constructor(private readonly onDeliver?: (value: T) => void) {}

  emit(value: T): void {
    if (this.listeners.length === 0) {
      this.held.push(value);
      return;
    }
    for (const listener of [...this.listeners]) listener(value);
    this.onDeliver?.(value);
  }

  on(listener: (value: T) => void): Disposable {
    this.listeners.push(listener);
    if (this.held.length) {
      const held = this.held;
      this.held = [];
      for (const value of held) this.emit(value);
    }
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      },
    };
  }
}

/** Fires at most once; late subscribers get the value immediately (stream end/close semantics). */
export class OnceEvent<T> {
  private listeners: Array<(value: T) => void> = [];
  private fired: { value: T } | undefined;

  get done(): boolean {
    return this.fired !== undefined;
  }

  emit(value: T): void {
    if (this.fired) return;
    this.fired = { value };
    const listeners = this.listeners;
    this.listeners = [];
    for (const l of listeners) l(value);
  }

  on(listener: (value: T) => void): Disposable {
    if (this.fired) {
      const { value } = this.fired;
      queueMicrotask(() => listener(value));
      return { dispose: () => {} };
    }
    this.listeners.push(listener);
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      },
    };
  }
}
