/**
 * How big v86 makes its compiled code, by phase. v86 compiles hot guest code into wasm modules of up to MAX_PAGES
 * guest pages (its default: 3), and no compiled code survives a restore. Measured in Node on restored VMs
 * (docs/vm-runtime.md, "JIT module size"): one page per module makes the first commands after a restore about twice
 * as cheap (first `docker ps` 4.2-4.9 s -> 2.0-2.7 s, the warm-up 24 s -> 15 s: small modules compile faster), but
 * big programs then run slower (kubectl ~4 s instead of ~2 s, a two-step build ~9 s instead of ~7 s); two pages per
 * module was the best steady state. So: one page while the guest is JIT-cold, two once the warm-up has finished, or
 * a minute after the start when nothing warms up.
 */
export const COLD_JIT_PAGES = 1;
export const WARM_JIT_PAGES = 2;
export const COLD_PHASE_MAX_MS = 60_000;

export class JitPhases {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly setMaxPages: (pages: number) => void) {}

  /** A (re)started guest: compile small, and switch to warm by COLD_PHASE_MAX_MS at the latest. */
  cold(): void {
    this.cancel();
    this.setMaxPages(COLD_JIT_PAGES);
    this.timer = setTimeout(() => this.warm(), COLD_PHASE_MAX_MS);
    // In Node a pending switch must not keep the process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** The common paths are compiled (the warm-up finished): compile for throughput from now on. */
  warm(): void {
    if (this.timer === undefined) return;
    this.cancel();
    this.setMaxPages(WARM_JIT_PAGES);
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
