import type { Clock } from '../clock.js';

/**
 * The kubelet's per-container back-off (CrashLoopBackOff, ImagePullBackOff): 10 s, doubling, capped at 5 minutes,
 * and forgotten once the thing ran fine for 10 minutes (twice the cap, as upstream).
 */
export class Backoff {
  private readonly entries = new Map<string, { delayMs: number; lastFailure: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly initialMs = 10_000,
    private readonly maxMs = 300_000,
    private readonly resetAfterMs = 600_000,
  ) {}

  /** Record a failure now; returns the delay before the next attempt is allowed. */
  next(key: string): number {
    const now = this.clock.now();
    const entry = this.entries.get(key);
    const stale = !entry || now - entry.lastFailure > this.resetAfterMs;
    const delayMs = stale ? this.initialMs : Math.min(entry.delayMs * 2, this.maxMs);
    this.entries.set(key, { delayMs, lastFailure: now });
    return delayMs;
  }

  /** Milliseconds until the next attempt is allowed (0 when it may go now). */
  remaining(key: string): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    return Math.max(0, entry.lastFailure + entry.delayMs - this.clock.now());
  }

  /** The container ran long enough (or the image pulled): start again from the initial delay next time. */
  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Forget everything about a pod's keys (prefix match), e.g. when the pod is deleted. */
  forget(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
