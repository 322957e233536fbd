import { fail, pass, pending, type CheckOutcome } from './check-outcome.js';

/** How many a check wants: at least, exactly or at most N (the schema allows exactly one). */
export interface CountTarget {
  atLeast?: number;
  exactly?: number;
  atMost?: number;
}

export function countMet(count: number, target: CountTarget): boolean {
  if (target.exactly !== undefined) return count === target.exactly;
  if (target.atLeast !== undefined) return count >= target.atLeast;
  if (target.atMost !== undefined) return count <= target.atMost;
  return count > 0;
}

export function describeTarget(target: CountTarget): string {
  if (target.exactly !== undefined) return `${target.exactly}`;
  if (target.atLeast !== undefined) return `at least ${target.atLeast}`;
  if (target.atMost !== undefined) return `at most ${target.atMost}`;
  return 'at least 1';
}

/**
 * Judge a count. `settling` is how many more may still count (pods that exist but are not Ready yet, pods on their
 * way out): while they could still tip the result, the check is pending rather than failed.
 */
export function judgeCount(
  count: number,
  target: CountTarget,
  what: string,
  settling: { coming: number; going: number; why: string } = { coming: 0, going: 0, why: '' },
): CheckOutcome {
  const found = `found ${count} ${what}`;
  if (countMet(count, target)) return pass(`${found}`);
  const tooMany = target.atMost !== undefined || (target.exactly !== undefined && count > target.exactly);
  if (tooMany) {
    if (settling.going > 0) return pending('converging', `${found}, want ${describeTarget(target)} (${settling.why})`);
    return fail('too-many', `${found}, want ${describeTarget(target)}`);
  }
  if (settling.coming > 0 && countMet(count + settling.coming, target))
    return pending('not-ready', `${found}, want ${describeTarget(target)} (${settling.why})`);
  return fail('too-few', `${found}, want ${describeTarget(target)}`);
}
