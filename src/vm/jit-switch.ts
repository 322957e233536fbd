/**
 * Whether v86's JIT may compile new modules now: not while it is paused, and never again once it compiled its budget
 * of modules after a start. v86's JIT_DISABLED flag only stops new compiles: what was compiled keeps running, so a
 * paused or spent JIT still runs the guest's compiled hot paths at full speed.
 *
 * Why both: in Chromium, V8 recompiles each hot module with its optimising tier on background threads, far slower
 * than Node 20 does (docs/benchmarks.md, "Where the browser's time went"). On two cores those compiles take the
 * emulator's CPU. A budget caps their total; pausing keeps them out of a learner's command (the worker compiles
 * while the learner reads, and runs the learner's command on what is compiled by then).
 */
export class JitSwitch {
  private compiled = 0;
  private paused: boolean;
  private compiling: boolean | undefined;

  constructor(
    private readonly budget: number,
    /** Sets v86's JIT_DISABLED flag. */
    private readonly setDisabled: (disabled: boolean) => void,
    options: { paused?: boolean } = {},
  ) {
    this.paused = options.paused ?? false;
    this.apply();
  }

  /** v86 compiled one more module. */
  moduleCompiled(): void {
    this.compiled++;
    this.apply();
  }

  pause(): void {
    this.paused = true;
    this.apply();
  }

  resume(): void {
    this.paused = false;
    this.apply();
  }

  /** The budget is not spent yet. */
  get hasBudget(): boolean {
    return this.compiled < this.budget;
  }

  private apply(): void {
    const compiling = !this.paused && this.hasBudget;
    if (compiling === this.compiling) return;
    this.compiling = compiling;
    this.setDisabled(!compiling);
  }
}
