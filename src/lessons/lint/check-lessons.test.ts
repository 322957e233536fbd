import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatLessonError } from '../lesson-error.js';
import { readLessonFolder } from '../lesson-folder.node.js';
import { lessonFiles, step } from '../testing/lesson-fixture.js';
import { checkLessons, checkSummary } from './check-lessons.js';

const LESSONS = fileURLToPath(new URL('../../../lessons', import.meta.url));

describe('checkLessons', () => {
  it('finds no error in the lessons of lessons/', async () => {
    const checks = checkLessons(await readLessonFolder(LESSONS));
    expect(checks.flatMap((c) => c.errors.map(formatLessonError))).toEqual([]);
    expect(checks.length).toBeGreaterThanOrEqual(14);
    expect(checkSummary(checks)).toBe(`${checks.length} lessons checked, no errors`);
  });

  it('checks only the folders asked for, resolving prerequisites against the others', async () => {
    const files = await readLessonFolder(LESSONS);
    const checks = checkLessons(files, ['lessons/service-in-front/']);
    expect(checks.map((c) => [c.slug, c.errors.length])).toEqual([['service-in-front', 0]]);
    expect(checkSummary(checks)).toBe('1 lesson checked, no errors');
  });

  it('gives a lesson that does not load its loader errors, and one that loads every lint’s, sorted', () => {
    const broken = lessonFiles({ body: '## Step: Empty\n\nNothing.\n' });
    const linted = lessonFiles({
      body: `[x](nope.md)\n\n${step('Apply', '- id: a\n  check: file.exists\n  path: a.txt', 'kubectl apply -f b.yaml')}`,
    });
    const files = {
      ...Object.fromEntries(Object.entries(broken).map(([k, v]) => [k.replace('/demo/', '/broken/'), v])),
      ...linted,
    };
    const checks = checkLessons(files);
    expect(checks.map((c) => c.errors.map(formatLessonError))).toEqual([
      [
        'lessons/broken/lesson.md:8:1 error: step "Empty" has no ```check block and no quiz: nothing would tell the learner it is done',
      ],
      [
        'lessons/demo/lesson.md:8:5 error: link "nope.md" points to lessons/demo/nope.md, which this lesson does not have',
        expect.stringMatching(/^lessons\/demo\/lesson\.md:16:9 error: check "a" reads a\.txt/),
        expect.stringMatching(/^lessons\/demo\/lesson\.md:26:18 error: the solution of step "Apply" reads b\.yaml/),
      ],
    ]);
    expect(checkSummary(checks)).toBe('4 errors in 2 of 2 lessons');
    expect(checkSummary(checks.slice(0, 1))).toBe('1 error in 1 of 1 lesson');
  });
});
