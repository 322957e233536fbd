// Whole lessons of the course in a real headless Chromium, taken only with what a learner clicks: the lesson's card
// on the course map, then for each step Show me (the solution typed into the terminal) and the right choices of its
// quiz, until the step turns done by itself and Next step leads on; at the end the finish page. A Kubernetes lesson,
// on a fresh page and VM: the Docker side's Run, Show me, quiz and file blocks are lessons.test.ts's, and every
// lesson's checks and solutions are proven headless by the lessons tier (a second lesson whole here cost six
// minutes of CI). The steps and the right answers come from the lesson files, so the test follows the lesson as it
// is written.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLessons, type Lesson } from '../../src/lessons/index.js';
import { readLessonFolder } from '../../src/lessons/lesson-folder.node.js';
import { PROMPT, repoRoot, SHOTS as shots, startPlayground, waitForTerminal, type Playground } from './harness.js';

/** The lessons taken whole. */
const TAKEN = ['meet-kubernetes'];
/** A step's own time in Chromium: the solution typed and run on the emulated CPU, pods started. */
const STEP_MS = 6 * 60_000;

const course = loadLessons(await readLessonFolder(join(repoRoot, 'lessons')));
const lessonOf = (slug: string): Lesson => {
  const result = course.find((r) => r.slug === slug);
  if (!result?.ok) throw new Error(`lesson ${slug} is not in lessons/ or does not load`);
  return result.lesson;
};

for (const slug of TAKEN) {
  const lesson = lessonOf(slug);
  describe(`${lesson.meta.title} (${slug}), taken whole in Chromium`, () => {
    let playground: Playground;
    let page: Page;
    const openStep = (): Locator => page.locator('section.step.open');

    beforeAll(async () => {
      playground = await startPlayground();
      page = playground.page;
    });
    afterAll(() => playground?.stop());

    it(
      'completes every step with Show me and the quiz, then shows the finish page',
      async () => {
        await page.goto(playground.app.url);
        await page.getByTestId('vm-status').filter({ hasText: 'VM ready' }).waitFor({ timeout: 300_000 });
        await waitForTerminal(page, PROMPT, 120_000);
        await page.locator(`.lesson-card[data-lesson="${slug}"]`).getByRole('link').first().click();
        await page.getByRole('heading', { name: lesson.meta.title, level: 2 }).waitFor();
        // The lesson's files and setup.sh (and, for Kubernetes, the node) before the first step.
        await page.getByTestId('lesson-task').waitFor({ state: 'detached', timeout: 600_000 });
        expect(await page.locator('.lesson-notice.error').count()).toBe(0);

        for (const [index, step] of lesson.steps.entries()) {
          expect(await openStep().getAttribute('data-step')).toBe(step.id);
          if (step.solution?.commands.trim()) {
            await openStep().getByRole('button', { name: 'Show me' }).click();
            // The solution's first line reaches the terminal (Show me types it).
            const firstLine = step.solution.commands.trim().split('\n')[0]!.trim();
            await waitForTerminal(page, new RegExp(escapeRegExp(firstLine.slice(0, 40))), 60_000);
          }
          if (step.quiz) {
            const form = openStep().locator('form.quiz');
            for (const [i, choice] of step.quiz.choices.entries())
              if (choice.correct) await form.locator('.quiz-choice input').nth(i).check();
            await form.getByRole('button', { name: 'Submit answer' }).click();
            await form.locator('.quiz-result.ok').waitFor();
          }
          try {
            await openStep().locator('.step-complete').waitFor({ timeout: STEP_MS });
          } catch (error) {
            await page.screenshot({ path: join(shots, `course-${slug}-failed-${step.id}.png`) });
            console.error(`step ${index + 1} (${step.id}) shows:\n${await openStep().innerText()}`);
            throw error;
          }
          await page.screenshot({ path: join(shots, `course-${slug}-${index + 1}.png`) });
          const next = index === lesson.steps.length - 1 ? 'Finish lesson' : 'Next step';
          await openStep().getByRole('button', { name: next }).click();
        }
        await page
          .getByRole('heading', { name: new RegExp(`You finished “${escapeRegExp(lesson.meta.title)}”`) })
          .waitFor();
        expect(await page.getByTestId('lesson-step-count').textContent()).toBe(
          `${lesson.steps.length}/${lesson.steps.length} steps done`,
        );
        await page.screenshot({ path: join(shots, `course-${slug}-finish.png`) });
      },
      60 * 60_000,
    );
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
