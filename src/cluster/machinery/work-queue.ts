import type { Clock } from '../clock.js';

export type Reconcile = (key: string) => Promise<void> | void;

/**
 * The longest the queue works before it lets the event loop run. Reconciles mostly finish in microtasks, so a
 * queue of thousands of keys would otherwise hold the worker for seconds: no network packet, timer or request
 * from the page in between (20,000 replicas froze the tab for 7 s).
 */
export const WORK_SLICE_MS = 10;

/** A macrotask boundary: pending I/O and timers run before the queue continues. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A keyed work queue (upstream workqueue.RateLimitingInterface, reduced): a key added many times before it runs runs
 * once, a key never runs twice at the same time (a change seen mid-run queues one more run), failures retry with
 * per-key exponential back-off (5 ms doubling, capped at 1000 s as upstream), and `addAfter` waits on the injected
 * clock so tests can step deadlines.
 * Keys run one at a time, in arrival order, each run in its own macrotask batch so a burst of watch events first
 * coalesces and then reconciles once; a long batch yields to the event loop every {@link WORK_SLICE_MS}.
 */
export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly running = new Set<string>();
  private readonly dirtyWhileRunning = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, { due: number; cancel: () => void }>();
  private scheduled = false;
  private stopped = false;
  private active = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly name: string,
    private readonly reconcile: Reconcile,
    private readonly clock: Clock,
    private readonly onError: (name: string, key: string, error: unknown) => void = () => {},
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    if (this.running.has(key)) {
      this.dirtyWhileRunning.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.schedule();
  }

  /** Add after `ms` on the queue's clock; a sooner request for the same key wins. */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    if (ms <= 0) return this.add(key);
    const due = this.clock.now() + ms;
    const waiting = this.timers.get(key);
    if (waiting && waiting.due <= due) return;
    waiting?.cancel();
    const cancel = this.clock.after(ms, () => {
      this.timers.delete(key);
      this.add(key);
    });
    this.timers.set(key, { due, cancel });
  }

  /** Retry with back-off after a failed reconcile. */
  private retry(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(5 * 2 ** n, 1_000_000));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    this.queue.length = 0;
    this.queued.clear();
    this.notifyIdle();
  }

  /** Nothing queued or running (delayed keys do not count: they wait on the clock). */
  isIdle(): boolean {
    return this.queue.length === 0 && this.active === 0;
  }

  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setTimeout(() => void this.drain(), 0);
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    let sliceStart = performance.now();
    while (this.queue.length > 0 && !this.stopped) {
      if (performance.now() - sliceStart > WORK_SLICE_MS) {
        // `active` stays raised across the pause so whenIdle() callers keep waiting for the rest, and `scheduled`
        // so keys added meanwhile join this drain instead of starting a second one.
        this.active++;
        this.scheduled = true;
        await nextTask();
        this.scheduled = false;
        this.active--;
        sliceStart = performance.now();
        continue;
      }
      const key = this.queue.shift()!;
      this.queued.delete(key);
      this.running.add(key);
      this.active++;
      try {
        await this.reconcile(key);
        this.failures.delete(key);
      } catch (error) {
        this.onError(this.name, key, error);
        this.retry(key);
      } finally {
        this.running.delete(key);
        this.active--;
        if (this.dirtyWhileRunning.delete(key)) this.add(key);
      }
    }
    this.notifyIdle();
  }

  private notifyIdle(): void {
    if (!this.isIdle() && !this.stopped) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
