import { describe, expect, it } from 'vitest';
import type { LessonGrade } from './grade-lesson.js';
import { formatGrade } from './grade-report.js';

const grade: LessonGrade = {
  slug: 'deployment-desired-state',
  title: 'A Deployment and desired state',
  steps: [
    {
      number: 1,
      id: 'apply',
      title: 'Apply the Deployment',
      status: 'complete',
      checks: [
        { id: 'exists', title: 'It exists', check: 'kubernetes.exists', state: 'pass', code: 'ok', reason: 'ok here' },
      ],
    },
    {
      number: 2,
      id: 'think',
      title: 'Pods are containers',
      status: 'skipped',
      checks: [{ id: 'think-quiz', title: 'Answer the quiz', check: 'quiz', state: 'skip', reason: 'a quiz' }],
    },
    {
      number: 3,
      id: 'scale',
      title: 'Scale to three',
      status: 'incomplete',
      checks: [
        {
          id: 'wants-three',
          title: 'Asks for 3',
          check: 'kubernetes.field',
          state: 'fail',
          code: 'wrong-value',
          reason: 'spec.replicas is 2, want 3',
        },
        {
          id: 'ready',
          title: 'Three ready',
          check: 'kubernetes.ready-pods',
          state: 'pending',
          code: 'not-ready',
          reason: '2 of 3 ready',
        },
      ],
    },
  ],
  firstIncomplete: 3,
  lastComplete: 1,
  counts: { pass: 1, fail: 1, pending: 1, skip: 1 },
  graded: 3,
  ok: false,
};

describe('formatGrade', () => {
  it('prints the sources, each step and check with its reason, how far the learner got, and the counts', () => {
    expect(formatGrade(grade, ['cluster    https://127.0.0.1:6443', 'workspace  /work'])).toBe(
      [
        'A Deployment and desired state (deployment-desired-state)',
        '  cluster    https://127.0.0.1:6443',
        '  workspace  /work',
        '',
        'step 1  complete      Apply the Deployment',
        '  pass     It exists (exists): ok here',
        'step 2  skipped       Pods are containers',
        '  skip     Answer the quiz (think-quiz): skipped: a quiz',
        'step 3  NOT COMPLETE  Scale to three',
        '  FAIL     Asks for 3 (wants-three): spec.replicas is 2, want 3',
        '  pending  Three ready (ready): 2 of 3 ready',
        '',
        'first step not complete: step 3, Scale to three',
        '1 of 2 graded steps complete, 1 skipped; checks: 1 passed, 1 failed, 1 pending, 1 skipped',
      ].join('\n'),
    );
  });

  it('says so when every gradeable step is complete', () => {
    const done: LessonGrade = {
      ...grade,
      steps: grade.steps.slice(0, 1),
      counts: { pass: 1, fail: 0, pending: 0, skip: 0 },
      graded: 1,
      ok: true,
    };
    delete done.firstIncomplete;
    expect(formatGrade(done, []).split('\n').slice(-2)).toEqual([
      'every step that could be graded is complete',
      '1 of 1 graded step complete; checks: 1 passed, 0 failed, 0 pending, 0 skipped',
    ]);
  });

  it('says so when nothing could be graded', () => {
    const none: LessonGrade = {
      ...grade,
      steps: grade.steps.slice(1, 2),
      counts: { pass: 0, fail: 0, pending: 0, skip: 1 },
      graded: 0,
      ok: false,
    };
    delete none.firstIncomplete;
    expect(formatGrade(none, []).split('\n').slice(-2)).toEqual([
      'nothing could be graded here: every check was skipped (the reasons are above)',
      '0 of 0 graded steps complete, 1 skipped; checks: 0 passed, 0 failed, 0 pending, 1 skipped',
    ]);
  });
});
