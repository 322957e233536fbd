// Every lesson in lessons/, proven in the real VM: a fresh stack per lesson (what "reset the lesson" gives a learner),
// the lesson's files and setup.sh, then step by step: the step's checks do not pass on the state it starts from, its
// solution runs in the guest, and the step watcher (the same one the pane follows, on the same ports the worker
// builds) sees the step complete by itself, from the changes the solution made. Steps build on each other, so they
// run in order; a failure makes the later ones of that lesson fail too (their messages still say what was seen).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLessonError, loadLessons, prepareLesson, solveStep } from '../../src/lessons/index.js';
import { readLessonFolder } from '../../src/lessons/lesson-folder.node.js';
import { followStep, startLessonVm, type LessonVm } from './lesson-harness.js';

const repoRoot = join(import.meta.dirname, '..', '..');
/** A step's own time: its solution, then pods pulling and starting on the emulated CPU. */
const STEP_MS = 8 * 60_000;

const results = loadLessons(await readLessonFolder(join(repoRoot, 'lessons')));
const lessons = results.flatMap((r) => (r.ok ? [r.lesson] : []));

describe('the lessons folder', () => {
  it('loads every lesson without an error', () => {
    const errors = results.flatMap((r) => (r.ok ? [] : r.errors.map(formatLessonError)));
    expect(errors).toEqual([]);
    expect(lessons.length).toBeGreaterThanOrEqual(3);
  });
});

for (const lesson of lessons) {
  describe(`lesson ${lesson.slug}`, () => {
    let vm: LessonVm | undefined;

    beforeAll(async () => {
      vm = await startLessonVm(lesson);
      await prepareLesson(lesson, vm.actions);
    }, 15 * 60_000);
    afterAll(async () => {
      await vm?.stop();
    });

    for (const [index, step] of lesson.steps.entries()) {
      it(
        `step ${index + 1} "${step.title}": its checks fail before its solution and pass after it`,
        async () => {
          if (!vm) throw new Error('the lesson VM did not start');
          const follow = followStep(vm, lesson, index);
          const before = await follow.watcher.checkNow();
          expect(before.complete, `the step passes before the learner did anything: ${follow.describe()}`).toBe(false);
          follow.watcher.start();
          try {
            await solveStep(lesson, step, vm.actions);
            // The solution ran as a learner's command would: its prompt came back.
            vm.commandFinished.emit();
            const after = await follow.complete(STEP_MS);
            expect(after.checks.map((c) => c.state)).toEqual(step.checks.map(() => 'pass'));
            expect(after.blocked).toEqual([]);
          } finally {
            follow.watcher.stop();
          }
        },
        STEP_MS + 120_000,
      );
    }
  });
}
