import { describe, expect, it } from 'vitest';
import type { Hint, StepStatus } from '../../protocol/lessons.js';
import { applicableHints, hintsLeft, nextHint, revealNext, visibleHints } from './hint-reveal.js';

const hints: Hint[] = [
  { text: 'general' },
  { text: 'when it is not running', when: { check: 'web', state: 'fail', code: 'wrong-state' } },
  { text: 'more general' },
  { text: 'when the port is wrong', when: { check: 'port', state: 'fail' } },
];

const status = (applicable: number[]): StepStatus => ({
  stepId: 's',
  checks: [],
  blocked: [],
  complete: false,
  hints: applicable,
});

describe('progressive hints', () => {
  it('offers the unconditional hints before the first status arrives', () => {
    expect(applicableHints(hints, undefined)).toEqual([0, 2]);
    expect(applicableHints(hints, status([0, 2, 3]))).toEqual([0, 2, 3]);
    expect(applicableHints(hints, status([0, 9]))).toEqual([0]);
  });

  it('reveals one applicable hint per press, in order', () => {
    const applicable = [0, 2, 3];
    let revealed: number[] = [];
    expect(visibleHints(applicable, revealed)).toEqual([]);
    expect(hintsLeft(applicable, revealed)).toBe(3);
    revealed = revealNext(applicable, revealed);
    expect(visibleHints(applicable, revealed)).toEqual([0]);
    revealed = revealNext(applicable, revealed);
    revealed = revealNext(applicable, revealed);
    expect(visibleHints(applicable, revealed)).toEqual([0, 2, 3]);
    expect(nextHint(applicable, revealed)).toBeUndefined();
    expect(revealNext(applicable, revealed)).toEqual(revealed);
  });

  it('shows a revealed conditional hint only while it applies', () => {
    const revealed = [0, 3];
    expect(visibleHints([0, 2, 3], revealed)).toEqual([0, 3]);
    // The learner fixed the port: the hint about it goes away, and the button offers the next general one.
    expect(visibleHints([0, 2], revealed)).toEqual([0]);
    expect(nextHint([0, 2], revealed)).toBe(2);
    // A new problem: its hint is offered, not shown, until asked for.
    expect(visibleHints([0, 1, 2], revealed)).toEqual([0]);
    expect(hintsLeft([0, 1, 2], revealed)).toBe(2);
  });
});
