import type { Hint } from './lesson.js';
import type { CheckResult } from './step-status.js';

/**
 * The hints to offer now, as indexes into the step's hints in the order written: every unconditional one (the pane
 * reveals them one at a time), and each conditional one while its check is in the named state (and, with a code,
 * for that reason).
 */
export function applicableHints(hints: readonly Hint[], results: readonly CheckResult[]): number[] {
  const byId = new Map(results.map((r) => [r.id, r]));
  return hints.flatMap((hint, index) => {
    if (!hint.when) return [index];
    const result = byId.get(hint.when.check);
    const applies =
      result !== undefined && result.state === hint.when.state && (!hint.when.code || hint.when.code === result.code);
    return applies ? [index] : [];
  });
}
