import { describe, expect, it } from 'vitest';
import { finishShown, parseRoute, routeHash } from './lesson-route.js';

describe('lesson URLs', () => {
  it('reads the map, a lesson and a step', () => {
    expect(parseRoute('')).toEqual({ page: 'map' });
    expect(parseRoute('#/')).toEqual({ page: 'map' });
    expect(parseRoute('#/lessons')).toEqual({ page: 'map' });
    expect(parseRoute('#/lessons/first-containers')).toEqual({ page: 'lesson', lesson: 'first-containers' });
    expect(parseRoute('#/lessons/first-containers/')).toEqual({ page: 'lesson', lesson: 'first-containers' });
    expect(parseRoute('#/lessons/first-containers/run-a-web-server-in-the-background')).toEqual({
      page: 'lesson',
      lesson: 'first-containers',
      step: 'run-a-web-server-in-the-background',
    });
    expect(parseRoute('#lessons/demo/one')).toEqual({ page: 'lesson', lesson: 'demo', step: 'one' });
  });

  it('falls back to the map (or the lesson) for anything it does not know', () => {
    expect(parseRoute('#/something/else')).toEqual({ page: 'map' });
    expect(parseRoute('#/lessons/a/b/c')).toEqual({ page: 'map' });
    expect(parseRoute('#/lessons/%E0%A4%A')).toEqual({ page: 'map' });
    expect(parseRoute('#/lessons/..')).toEqual({ page: 'map' });
    expect(parseRoute('#/lessons/%3Cscript%3E')).toEqual({ page: 'map' });
    expect(parseRoute('#/lessons/demo/%3Cb%3E')).toEqual({ page: 'lesson', lesson: 'demo' });
  });

  it('reads author mode, and drafts and opened lessons by their namespaced slugs', () => {
    expect(parseRoute('#/author')).toEqual({ page: 'author' });
    expect(parseRoute('#/author/x')).toEqual({ page: 'map' });
    expect(parseRoute('#/lessons/draft.my-lesson/write-a-file')).toEqual({
      page: 'lesson',
      lesson: 'draft.my-lesson',
      step: 'write-a-file',
    });
    expect(parseRoute('#/lessons/opened.scaling')).toEqual({ page: 'lesson', lesson: 'opened.scaling' });
  });

  it('writes routes back to the same hash', () => {
    for (const hash of [
      '#/',
      '#/author',
      '#/lessons/demo',
      '#/lessons/demo/scale-to-three',
      '#/lessons/demo/finish',
      '#/lessons/opened.demo/one',
    ])
      expect(routeHash(parseRoute(hash))).toBe(hash);
  });

  it('shows the finish page unless a step is called finish', () => {
    const route = parseRoute('#/lessons/demo/finish');
    expect(finishShown(route, ['one', 'two'])).toBe(true);
    expect(finishShown(route, ['one', 'finish'])).toBe(false);
    expect(finishShown(parseRoute('#/lessons/demo/one'), ['one'])).toBe(false);
  });
});
