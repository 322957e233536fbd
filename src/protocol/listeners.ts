import type { Disposable } from './byte-stream.js';

/** A set of listeners with one signature: add (disposable), emit to a snapshot (a listener may remove itself). */
export class Listeners<T extends unknown[]> {
  private readonly set = new Set<(...args: T) => void>();

  add(listener: (...args: T) => void): Disposable {
    this.set.add(listener);
    return { dispose: () => this.set.delete(listener) };
  }

  emit(...args: T): void {
    for (const listener of [...this.set]) listener(...args);
  }

  get size(): number {
    return this.set.size;
  }
}
