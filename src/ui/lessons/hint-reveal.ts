import type { Hint, StepStatus } from '../../protocol/lessons.js';

/**
 * Progressive hints. The worker says which of a step's hints apply now (`StepStatus.hints`: every unconditional one,
 * and each conditional one while its check is in the named state); the learner reveals them one at a time with the
 * Hint button. A revealed conditional hint shows only while it applies: once the learner fixed what it was about,
 * it goes away, and comes back if the problem does.
 */

/** The hints that apply now; before the first status arrives, the unconditional ones. */
export function applicableHints(hints: readonly Hint[], status: StepStatus | undefined): number[] {
  if (status) return status.hints.filter((i) => i >= 0 && i < hints.length);
  return hints.flatMap((hint, i) => (hint.when ? [] : [i]));
}

/** The hints to show: those revealed that apply now, in the order the lesson wrote them. */
export function visibleHints(applicable: readonly number[], revealed: readonly number[]): number[] {
  return applicable.filter((i) => revealed.includes(i)).sort((a, b) => a - b);
}

/** The next hint the Hint button reveals (the first applicable one not revealed yet), if any. */
export function nextHint(applicable: readonly number[], revealed: readonly number[]): number | undefined {
  return applicable.find((i) => !revealed.includes(i));
}

/** How many more hints the button can reveal now. */
export function hintsLeft(applicable: readonly number[], revealed: readonly number[]): number {
  return applicable.filter((i) => !revealed.includes(i)).length;
}

/** The revealed list after one press of the button. */
export function revealNext(applicable: readonly number[], revealed: readonly number[]): number[] {
  const next = nextHint(applicable, revealed);
  return next === undefined ? [...revealed] : [...revealed, next];
}
