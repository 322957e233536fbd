import type { Hint } from './lesson.js';
import type { CheckResult } from './step-status.js';

/**
 * The hints to offer now, in the order written: every unconditional one (the pane reveals them one at a time), and
 * each conditional one while its check is in the named state (and, with a code, for that reason).
 */
export function applicableHints(hints: readonly Hint[], results: readonly CheckResult[]): Hint[] {
  const byId = new Map(results.map((r) => [r.id, r]));
  return hints.filter((hint) => {
    if (!hint.when) return true;
    const result = byId.get(hint.when.check);
    return (
      result !== undefined && result.state === hint.when.state && (!hint.when.code || hint.when.code === result.code)
    );
  });
}
