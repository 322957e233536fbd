import type { CheckOutcome } from './checks/check-outcome.js';
import type { Hint } from './lesson.js';

/** One check's result as the pane shows it. */
export interface CheckResult extends CheckOutcome {
  id: string;
  /** The check's title, when the lesson gave one. */
  title?: string;
}

/** Where a step stands: what the step watcher reports after each evaluation. */
export interface StepStatus {
  stepId: string;
  /** The step's checks, settled (a pass shows only once it held; see StepWatcher). */
  checks: CheckResult[];
  /** `requires` checks that fail: the learner cannot finish the step without a reset (empty when all is well). */
  blocked: CheckResult[];
  /** Every check passed. Once true it stays true for this watcher: a finished step is not taken back. */
  complete: boolean;
  /** The hints to offer now (see applicableHints). */
  hints: Hint[];
}
