import type { Disposable } from '../../protocol/byte-stream.js';
import { StoreError } from './errors.js';
import type { StoreEvent } from './types.js';

export type WatchListener = (event: StoreEvent) => void;

interface Watcher {
  filter: (e: StoreEvent) => StoreEvent | undefined;
  listener: WatchListener;
  queue: StoreEvent[];
  scheduled: boolean;
  closed: boolean;
}

/**
 * The store's change history (a bounded ring of events) and its watchers. Delivery is asynchronous and ordered per
 * watcher: a listener that writes to the store never re-enters the store's own write path.
 */
export class WatchHub {
  private readonly history: StoreEvent[] = [];
  private readonly watchers = new Set<Watcher>();

  constructor(private readonly limit: number) {}

  publish(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > this.limit) this.history.splice(0, this.history.length - this.limit);
    for (const w of this.watchers) this.enqueue(w, event);
  }

  /**
   * Start a watcher at `fromRv` (events with a higher rv are replayed from history), after `initial` events.
   * `fromRv` older than the history: Expired, like etcd compaction ("too old resource version").
   */
  subscribe(
    fromRv: number,
    initial: StoreEvent[],
    filter: (e: StoreEvent) => StoreEvent | undefined,
    listener: WatchListener,
  ): Disposable {
    const oldest = this.history.length ? this.history[0]!.rv : Infinity;
    const newest = this.history.length ? this.history[this.history.length - 1]!.rv : 0;
    if (fromRv < newest && fromRv < oldest - 1) {
      throw new StoreError('Expired', `too old resource version: ${fromRv} (${oldest - 1})`);
    }
    const w: Watcher = { filter, listener, queue: [], scheduled: false, closed: false };
    for (const e of initial) this.enqueueRaw(w, e);
    if (fromRv < newest) {
      for (const e of this.history) if (e.rv > fromRv) this.enqueue(w, e);
    }
    this.watchers.add(w);
    return {
      dispose: () => {
        w.closed = true;
        this.watchers.delete(w);
      },
    };
  }

  private enqueue(w: Watcher, event: StoreEvent): void {
    const e = w.filter(event);
    if (e) this.enqueueRaw(w, e);
  }

  private enqueueRaw(w: Watcher, e: StoreEvent): void {
    w.queue.push(e);
    if (w.scheduled) return;
    w.scheduled = true;
    queueMicrotask(() => {
      w.scheduled = false;
      const batch = w.queue;
      w.queue = [];
      for (const ev of batch) {
        if (w.closed) return;
        w.listener(ev);
      }
    });
  }
}
