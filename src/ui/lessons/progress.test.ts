import { describe, expect, it } from 'vitest';
import {
  completeSteps,
  lessonProgress,
  parseProgress,
  progressSummary,
  recordQuiz,
  restart,
  serializeProgress,
  setCurrent,
} from './progress.js';

describe('lesson progress', () => {
  it('comes back from what it saved', () => {
    let p = restart('one');
    p = completeSteps(p, ['one']);
    p = setCurrent(p, 'two');
    p = recordQuiz(p, 'two-quiz', [1]);
    const saved = serializeProgress({ demo: { ...p, prepared: true } });
    expect(parseProgress(saved)).toEqual({
      demo: { current: 'two', done: ['one'], quiz: { 'two-quiz': [1] }, prepared: true, finished: false },
    });
  });

  it('falls back to nothing for missing, corrupt, or other-version data', () => {
    expect(parseProgress(null)).toEqual({});
    expect(parseProgress('{"version":1,"lessons":')).toEqual({});
    expect(parseProgress('[]')).toEqual({});
    expect(parseProgress('{"version":2,"lessons":{"demo":{"done":["a"]}}}')).toEqual({});
    expect(parseProgress('"text"')).toEqual({});
  });

  it('keeps what it can read of a damaged record, field by field', () => {
    const raw = JSON.stringify({
      version: 1,
      lessons: {
        ok: { current: 'b', done: ['a', 3, 'a'], quiz: { q: [0, 2], bad: ['x'], neg: [-1] }, prepared: 'yes' },
        junk: 'not a lesson',
        empty: {},
      },
    });
    expect(parseProgress(raw)).toEqual({
      ok: { current: 'b', done: ['a'], quiz: { q: [0, 2] }, prepared: false, finished: false },
      empty: { done: [], quiz: {}, prepared: false, finished: false },
    });
  });

  it('changes return new objects and leave the old ones as they were', () => {
    const before = restart('one');
    const after = completeSteps(before, ['one', 'one']);
    expect(before.done).toEqual([]);
    expect(after.done).toEqual(['one']);
    expect(completeSteps(after, ['one'])).toBe(after);
  });

  it('summarises for the course map, counting only steps the lesson still has', () => {
    const p = { ...restart('a'), done: ['a', 'gone'], prepared: true };
    expect(progressSummary(p, ['a', 'b', 'c'])).toEqual({ done: 1, total: 3, started: true, finished: false });
    expect(progressSummary(lessonProgress({}, 'x'), ['a'])).toEqual({
      done: 0,
      total: 1,
      started: false,
      finished: false,
    });
  });
});
