/**
 * Upstream ControllerExpectations: after asking for N creations or deletions, a controller waits to *see* them in its
 * informer before computing the diff again, otherwise a sync that runs before the watch catches up would create the
 * same pods twice. Expectations expire after 5 minutes so a lost event cannot wedge a controller forever.
 */
export class Expectations {
  private readonly pending = new Map<string, { add: number; del: number; at: number }>();

  constructor(private readonly now: () => number) {}

  expect(key: string, add: number, del: number): void {
    this.pending.set(key, { add, del, at: this.now() });
  }

  creationObserved(key: string): void {
    const e = this.pending.get(key);
    if (e) e.add--;
  }

  deletionObserved(key: string): void {
    const e = this.pending.get(key);
    if (e) e.del--;
  }

  satisfied(key: string): boolean {
    const e = this.pending.get(key);
    if (!e) return true;
    if ((e.add <= 0 && e.del <= 0) || this.now() - e.at > 5 * 60_000) return true;
    return false;
  }

  forget(key: string): void {
    this.pending.delete(key);
  }
}
