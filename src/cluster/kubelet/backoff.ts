import type { Clock } from '../clock.js';

/**
 * The kubelet's per-container back-off (CrashLoopBackOff, ImagePullBackOff), as upstream's flowcontrol.Backoff:
 * the first failure retries at once and arms 10 s; each later failure inside the window doubles it up to 5 minutes;
 * a key that has not failed for 10 minutes (twice the cap) starts over.
 */
export class Backoff {
  private readonly entries = new Map<string, { delayMs: number; lastUpdate: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly initialMs = 10_000,
    private readonly maxMs = 300_000,
    private readonly resetAfterMs = 600_000,
  ) {}

  /** Record an attempt now and return the delay that now applies to the following one. */
  next(key: string): number {
    const now = this.clock.now();
    const entry = this.entries.get(key);
    const stale = !entry || now - entry.lastUpdate > this.resetAfterMs;
    const delayMs = stale ? this.initialMs : Math.min(entry.delayMs * 2, this.maxMs);
    this.entries.set(key, { delayMs, lastUpdate: now });
    return delayMs;
  }

  /** Milliseconds still to wait when the last failure happened at `since` (0: go now). */
  remaining(key: string, since: number): number {
    const entry = this.entries.get(key);
    if (!entry || this.clock.now() - entry.lastUpdate > this.resetAfterMs) return 0;
    return Math.max(0, since + entry.delayMs - this.clock.now());
  }

  /** The current delay for `key` (for messages like `back-off 20s restarting failed container`). */
  delay(key: string): number {
    return this.entries.get(key)?.delayMs ?? 0;
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Forget every key starting with `prefix` (a deleted pod). */
  forget(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
