/** One measured number, as `npm run bench -- --json` prints it. */
export interface Figure {
  name: string;
  value: number;
  unit: 's' | 'ms' | 'MB' | 'KB' | 'count' | 'ratio' | 'min' | '%';
  /** The target from the issue, in the same unit (lower is better unless `higherIsBetter`). */
  target?: number;
  /** The same operation natively, where a published or measured native figure exists. */
  native?: number;
  env: 'node' | 'chromium';
  higherIsBetter?: boolean;
  /**
   * The same operation measured in the other environment carries the same key: the runner adds a Chromium/Node
   * ratio figure for every key it saw in both (issue #11's targets are ratios).
   */
  compare?: string;
}

/** Chromium/Node at most this for the same operation (issue #11). */
export const RATIO_TARGET = 1.3;

/** One ratio figure per `compare` key measured in both environments in this run. */
export function ratioFigures(figures: readonly Figure[]): Figure[] {
  const out: Figure[] = [];
  const keys = [...new Set(figures.map((f) => f.compare).filter((k): k is string => k !== undefined))];
  for (const key of keys) {
    const node = figures.find((f) => f.compare === key && f.env === 'node');
    const chromium = figures.find((f) => f.compare === key && f.env === 'chromium');
    if (!node || !chromium || !(node.value > 0)) continue;
    out.push({
      name: `Chromium/Node: ${key}`,
      value: chromium.value / node.value,
      unit: 'ratio',
      target: RATIO_TARGET,
      env: 'chromium',
    });
  }
  return out;
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
