/**
 * A cap on how many modules v86's JIT compiles after a start; past it v86 compiles nothing more (its JIT_DISABLED
 * flag only stops new compiles: what it compiled keeps running). Measured in the bare Chromium page
 * (docs/benchmarks.md, "Where the browser's time went"): with 100 modules the guest's shared hot paths (the kernel's,
 * the agent's) get compiled during the first command and the later ones run faster than with no JIT at all, without
 * the minutes of optimising compiles an unbounded JIT costs there. An experiment knob for now (`jitTuning`).
 */
export class JitBudget {
  private compiled = 0;

  constructor(
    private readonly limit: number,
    private readonly stopCompiling: () => void,
  ) {}

  /** v86 compiled one more module. */
  moduleCompiled(): void {
    if (++this.compiled === this.limit) this.stopCompiling();
  }
}
