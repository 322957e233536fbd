import { describe, expect, it } from 'vitest';
import type { LessonView } from '../../protocol/lessons.js';
import { courseOrder, lessonsAfter, missingPrerequisites } from './course-order.js';
import { restart, completeSteps, setCurrent, EMPTY_LESSON } from './progress.js';
import { allDone, currentStepId, nextStepId, openStepId, stepsBefore, stepStates } from './step-states.js';

function lesson(slug: string, steps: string[], prerequisites?: string[]): LessonView {
  return {
    slug,
    source: `lessons/${slug}/lesson.md`,
    meta: { title: slug, summary: '', level: 'beginner', minutes: 5, needsKubernetes: false, prerequisites },
    intro: '',
    steps: steps.map((id) => ({ id, title: id, body: '', checks: [], requires: [], hints: [] })),
    files: {},
  };
}

describe('the steps of an open lesson', () => {
  const demo = lesson('demo', ['one', 'two', 'three']);

  it('starts at the first step', () => {
    expect(currentStepId(demo, EMPTY_LESSON)).toBe('one');
    expect(stepStates(demo, EMPTY_LESSON)).toEqual({ one: 'current', two: 'later', three: 'later' });
  });

  it('marks done steps and the one worked on', () => {
    const p = setCurrent(completeSteps(restart('one'), ['one']), 'two');
    expect(stepStates(demo, p)).toEqual({ one: 'done', two: 'current', three: 'later' });
    // A step completed but not left yet shows done (its Next button is offered).
    expect(stepStates(demo, completeSteps(p, ['two']))).toMatchObject({ two: 'done', three: 'later' });
  });

  it('treats steps before the current one as done after a skip', () => {
    expect(stepStates(demo, setCurrent(EMPTY_LESSON, 'three'))).toEqual({ one: 'done', two: 'done', three: 'current' });
  });

  it('falls back when the saved step no longer exists', () => {
    const p = completeSteps(setCurrent(EMPTY_LESSON, 'renamed'), ['one']);
    expect(currentStepId(demo, p)).toBe('two');
    expect(currentStepId(demo, completeSteps(p, ['two', 'three']))).toBe('three');
  });

  it('opens the URL’s step, else the current one', () => {
    expect(openStepId(demo, EMPTY_LESSON, 'three')).toBe('three');
    expect(openStepId(demo, EMPTY_LESSON, 'nope')).toBe('one');
    expect(openStepId(demo, EMPTY_LESSON, undefined)).toBe('one');
  });

  it('knows the steps before and after', () => {
    expect(stepsBefore(demo, 'three')).toEqual(['one', 'two']);
    expect(stepsBefore(demo, 'one')).toEqual([]);
    expect(nextStepId(demo, 'two')).toBe('three');
    expect(nextStepId(demo, 'three')).toBeUndefined();
    expect(allDone(demo, completeSteps(EMPTY_LESSON, ['one', 'two']))).toBe(false);
    expect(allDone(demo, completeSteps(EMPTY_LESSON, ['one', 'two', 'three']))).toBe(true);
  });
});

describe('what to try next', () => {
  const first = lesson('first', ['a']);
  const second = lesson('second', ['a'], ['first']);
  const third = lesson('third', ['a'], ['second']);
  const other = lesson('other', ['a']);
  const all = [first, second, third, other];

  it('offers the lessons that build on the finished one', () => {
    expect(lessonsAfter(all, 'first', () => false).map((l) => l.slug)).toEqual(['second']);
  });

  it('otherwise the next unfinished lesson of the map', () => {
    expect(lessonsAfter(all, 'third', () => false).map((l) => l.slug)).toEqual(['other']);
    expect(lessonsAfter(all, 'other', (s) => s !== 'second').map((l) => l.slug)).toEqual(['second']);
    expect(lessonsAfter(all, 'other', () => true)).toEqual([]);
  });

  it('orders the map so each lesson comes after its prerequisites', () => {
    const b = lesson('b-deploy', ['a'], ['z-first']);
    const a = lesson('a-service', ['a'], ['b-deploy']);
    const z = lesson('z-first', ['a']);
    const loop1 = lesson('loop1', ['a'], ['loop2', 'missing']);
    const loop2 = lesson('loop2', ['a'], ['loop1']);
    expect(courseOrder([a, b, z, loop1, loop2]).map((l) => l.slug)).toEqual([
      'z-first',
      'b-deploy',
      'a-service',
      'loop2',
      'loop1',
    ]);
  });

  it('lists unfinished prerequisites', () => {
    expect(missingPrerequisites(third, () => false)).toEqual(['second']);
    expect(missingPrerequisites(third, () => true)).toEqual([]);
  });
});
