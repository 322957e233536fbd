import type { CheckState } from '../lesson.js';

/**
 * Why a check is in its state, as a stable word hints can match (`### Hint when pods-ready is pending (not-ready)`);
 * the `reason` says the same to the learner in a sentence.
 */
export type ReasonCode =
  | 'ok'
  | 'not-found'
  | 'not-ready'
  | 'converging'
  | 'too-few'
  | 'too-many'
  | 'wrong-value'
  | 'wrong-state'
  | 'wrong-image'
  | 'no-selector'
  | 'unreachable'
  | 'wrong-status'
  | 'missing-text'
  | 'invalid'
  | 'not-answered'
  | 'wrong-answer'
  | 'unavailable'
  | 'timed-out';

export const REASON_CODES: readonly ReasonCode[] = [
  'ok',
  'not-found',
  'not-ready',
  'converging',
  'too-few',
  'too-many',
  'wrong-value',
  'wrong-state',
  'wrong-image',
  'no-selector',
  'unreachable',
  'wrong-status',
  'missing-text',
  'invalid',
  'not-answered',
  'wrong-answer',
  'unavailable',
  'timed-out',
];

/** What one evaluation of a check found, in the learner's terms. */
export interface CheckOutcome {
  state: CheckState;
  code: ReasonCode;
  /** A sentence such as "found 2 ready pods matching app=nginx, want 3". */
  reason: string;
}

export const pass = (reason: string): CheckOutcome => ({ state: 'pass', code: 'ok', reason });
export const pending = (code: ReasonCode, reason: string): CheckOutcome => ({ state: 'pending', code, reason });
export const fail = (code: ReasonCode, reason: string): CheckOutcome => ({ state: 'fail', code, reason });
