/**
 * How big v86 makes its compiled code. v86 compiles a hot guest page into a wasm module spanning up to MAX_PAGES
 * guest pages (its default: 3); no compiled code survives a restore, and its table holds 900 modules: when it is full,
 * v86 throws ALL compiled code away. Measured in Node on restored VMs (docs/vm-runtime.md, "JIT module size"):
 * - one page per module makes the first command after a restore about half as expensive (first `docker ps`
 *   4.2-4.9 s -> 2.0-2.9 s: small modules compile faster);
 * - but it fills the table about twice as fast, so a session soon hits the full-table clear (a two-step build went
 *   6 -> 13 s when it struck), and big programs run slower that way (kubectl ~4 s instead of ~2 s).
 * So the first SMALL_MODULES modules after a start (about the first command's worth) are compiled one page each, the
 * rest with v86's default.
 */
export const SMALL_MODULES = 150;
export const FIRST_PAGES = 1;
export const DEFAULT_PAGES = 3;

/** The policy's numbers (tests and benches try others). */
export interface JitModuleTuning {
  firstPages: number;
  defaultPages: number;
  smallModules: number;
}

export const DEFAULT_TUNING: JitModuleTuning = {
  firstPages: FIRST_PAGES,
  defaultPages: DEFAULT_PAGES,
  smallModules: SMALL_MODULES,
};

export class JitModuleSize {
  private compiled = 0;

  constructor(
    private readonly setMaxPages: (pages: number) => void,
    private readonly tuning: JitModuleTuning = DEFAULT_TUNING,
  ) {}

  /** A (re)started guest: nothing is compiled yet. */
  start(): void {
    this.compiled = 0;
    this.setMaxPages(this.tuning.firstPages);
  }

  /** v86 compiled one more module. */
  moduleCompiled(): void {
    if (++this.compiled === this.tuning.smallModules) this.setMaxPages(this.tuning.defaultPages);
  }
}
