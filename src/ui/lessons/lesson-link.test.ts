import { describe, expect, it } from 'vitest';
import { lessonLinkIn } from './lesson-link.js';

describe('lessonLinkIn', () => {
  it('takes the lesson URL out of the page address, keeping the rest', () => {
    expect(lessonLinkIn('http://localhost:5173/?lesson=https%3A%2F%2Fh.test%2Fa.json&x=1#/lessons/a')).toEqual({
      url: 'https://h.test/a.json',
      rest: '/?x=1#/lessons/a',
    });
    expect(lessonLinkIn('http://localhost:5173/?lesson=https://h.test/a.json')).toEqual({
      url: 'https://h.test/a.json',
      rest: '/',
    });
  });

  it('finds nothing in an address without one', () => {
    expect(lessonLinkIn('http://localhost:5173/#/')).toBeUndefined();
    expect(lessonLinkIn('http://localhost:5173/?lessons=x')).toBeUndefined();
  });
});
