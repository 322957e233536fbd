import { describe, expect, it } from 'vitest';
import { checkLessons } from '../lessons/index.js';
import { badLessonFolder, starterLesson, titleFromFolder } from './lesson-template.js';

describe('the starter lesson', () => {
  it('passes every lessons:check lint as written', () => {
    const checked = checkLessons({ 'my-lesson/lesson.md': starterLesson(titleFromFolder('my-lesson')) });
    expect(checked).toEqual([{ slug: 'my-lesson', source: 'my-lesson/lesson.md', errors: [] }]);
  });

  it('is titled after its folder', () => {
    expect(titleFromFolder('course/my-first_lesson')).toBe('My first lesson');
    expect(starterLesson('Scaling up')).toMatch(/^---\ntitle: Scaling up\n/);
  });

  it('takes folder names that are also good slugs, and says why others are not', () => {
    expect(badLessonFolder('my-lesson')).toBeUndefined();
    expect(badLessonFolder('course/intro-2')).toBeUndefined();
    expect(badLessonFolder('  ')).toMatch(/name the lesson’s folder/);
    expect(badLessonFolder('My Lesson')).toMatch(/“My Lesson” cannot be a lesson folder: use lowercase letters/);
    expect(badLessonFolder('../up')).toMatch(/cannot be a lesson folder/);
  });
});
