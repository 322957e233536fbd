// Every lesson in lessons/, proven in the real VM by the runner behind `npm run lessons:test` (testLesson in
// lesson-harness.ts): a fresh stack per lesson, its files and setup.sh, then step by step: the checks do not pass on
// the state the step starts from, its solution runs in the guest, and the step watcher (the one the pane follows, on
// the ports the worker builds) sees the step complete by itself. And the runner itself, on two broken fixture lessons:
// it must catch a wrong solution and a step that is done before the learner does anything.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLessonError, loadLessons, type Lesson } from '../../src/lessons/index.js';
import { readLessonFolder } from '../../src/lessons/lesson-folder.node.js';
import { testLesson, type LessonReport } from './lesson-harness.js';

const here = import.meta.dirname;
/** A step's own time: its solution, then pods pulling and starting on the emulated CPU. */
const STEP_MS = 8 * 60_000;

async function load(folder: string): Promise<{ lessons: Lesson[]; errors: string[] }> {
  const results = loadLessons(await readLessonFolder(folder));
  return {
    lessons: results.flatMap((r) => (r.ok ? [r.lesson] : [])),
    errors: results.flatMap((r) => (r.ok ? [] : r.errors.map(formatLessonError))),
  };
}

const course = await load(join(here, '..', '..', 'lessons'));
const fixtures = await load(join(here, 'fixtures', 'lessons'));

/** The report as a table, for a failure message. */
const table = (report: LessonReport) =>
  [
    `${report.slug}: set up in ${(report.setupMs / 1000).toFixed(1)} s${report.problem ? `: ${report.problem}` : ''}`,
    ...report.steps.map(
      (s) =>
        `  step ${s.index + 1} ${s.ok ? 'ok  ' : 'FAIL'} ${(s.ms / 1000).toFixed(1)} s  ${s.title}${s.problem ? `: ${s.problem}` : ''}`,
    ),
  ].join('\n');

describe('the lessons folder', () => {
  it('loads every lesson without an error', () => {
    expect(course.errors).toEqual([]);
    expect(course.lessons.length).toBeGreaterThanOrEqual(3);
  });

  for (const lesson of course.lessons)
    it(
      `${lesson.slug}: every step's checks fail before its solution and pass after it`,
      async () => {
        const report = await testLesson(lesson, { stepTimeoutMs: STEP_MS });
        expect(report.ok, table(report)).toBe(true);
        expect(report.steps.map((s) => s.id)).toEqual(lesson.steps.map((s) => s.id));
      },
      15 * 60_000 + lesson.steps.length * STEP_MS,
    );
});

describe('the lesson test runner', () => {
  it('loads its fixtures', () => expect(fixtures.errors).toEqual([]));

  it('fails a lesson whose solution does not satisfy its checks, saying what the checks saw', async () => {
    const lesson = fixtures.lessons.find((l) => l.slug === 'wrong-solution')!;
    const report = await testLesson(lesson, { stepTimeoutMs: 20_000 });
    expect(report.ok).toBe(false);
    expect(report.steps).toHaveLength(1);
    expect(report.steps[0]?.problem).toMatch(/did not complete in 20 s: note: fail \(.*hello/);
  }, 180_000);

  it('fails a step whose checks already pass before its solution runs', async () => {
    const lesson = fixtures.lessons.find((l) => l.slug === 'done-before')!;
    const report = await testLesson(lesson, { stepTimeoutMs: 20_000 });
    expect(report.ok).toBe(false);
    expect(report.steps[0]?.problem).toMatch(/already pass before its solution ran \(workspace: pass/);
  }, 180_000);
});
