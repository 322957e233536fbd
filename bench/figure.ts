/** One measured number, as `npm run bench -- --json` prints it. */
export interface Figure {
  name: string;
  value: number;
  unit: 's' | 'ms' | 'MB' | 'KB' | 'count' | 'ratio' | 'min';
  /** The target from the issue, in the same unit (lower is better unless `higherIsBetter`). */
  target?: number;
  /** The same operation natively, where a published or measured native figure exists. */
  native?: number;
  env: 'node' | 'chromium';
  higherIsBetter?: boolean;
}

export interface BenchContext {
  /** `--quick`: a Node-only subset that finishes within a minute on an already-built image. */
  quick: boolean;
  /** Report progress to stderr (stdout is reserved for the table or the JSON). */
  log(message: string): void;
}

/** A bench file under bench/ (named `*.bench.ts`) default-exports one of these. */
export type Bench = (ctx: BenchContext) => Promise<Figure[]>;

/** Median of a list of numbers (benchmarks report medians, not single runs). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
