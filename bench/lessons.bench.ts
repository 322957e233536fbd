// Issue #14's figures, in Node: every pilot lesson run as a learner who presses Show me on each step, on the real VM
// with the worker's ports and step watcher (test/vm/lesson-harness.ts). Per step, Show me -> step complete; over all
// steps, how soon a satisfied check shows after the change that satisfied it (host-side: the change announced by a
// cluster watch, a Docker event, a file notice or a quiz answer), and what the checks cost the guest's one CPU.
// Then Show me -> complete again in the built app in Chromium, clicked in the lesson pane (same `compare` keys).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { loadLessons, prepareLesson, solveStep, type Lesson } from '../src/lessons/index.js';
import { PROMPT, repoRoot, SHOTS, startPlayground, waitForTerminal } from '../test/e2e/harness.js';
import { readLessonFolder } from '../src/lessons/lesson-folder.node.js';
import { followStep, idleCostMs, startLessonVm } from '../test/vm/lesson-harness.js';
import { median, type Bench, type Figure } from './figure.js';

const STEP_MS = 8 * 60_000;
const seconds = (ms: number) => Math.round(ms / 100) / 10;
/** Checks whose changes nothing announces (they complete on a follow-up look, not on an event). */
const UNANNOUNCED = new Set(['http.get', 'command']);

/** `WHARF_LESSONS_BENCH=node` or `=chromium` measures one side only (both by default). */
const sides = process.env['WHARF_LESSONS_BENCH'] ?? 'node,chromium';

const bench: Bench = async ({ quick, log }) => {
  if (quick) return [];
  const figures: Figure[] = [];
  const results = loadLessons(await readLessonFolder(join(repoRoot, 'lessons')));
  const latencies: number[] = [];
  let guestReadMs = 0;
  let guestCpuMs = 0;
  let guestReads = 0;
  let watchedMs = 0;
  for (const result of results) {
    if (!result.ok) throw new Error(`lesson ${result.slug} does not load: ${result.errors[0]?.message}`);
    if (!sides.includes('node')) break;
    const { lesson } = result;
    log(`lessons: ${lesson.slug}: starting its VM${lesson.meta.needsKubernetes ? ' and the node' : ''}`);
    const vm = await startLessonVm(lesson);
    try {
      await prepareLesson(lesson, vm.actions);
      for (const [index, step] of lesson.steps.entries()) {
        const follow = followStep(vm, lesson, index);
        follow.watcher.start();
        const reads = { count: vm.costs.guestReads, ms: vm.costs.guestReadMs };
        const started = performance.now();
        try {
          await solveStep(lesson, step, vm.actions);
          vm.commandFinished.emit();
          await follow.complete(STEP_MS);
        } finally {
          follow.watcher.stop();
        }
        const took = follow.completedAt() - started;
        watchedMs += took;
        guestReads += vm.costs.guestReads - reads.count;
        guestReadMs += vm.costs.guestReadMs - reads.ms;
        const announced = step.checks.every((c) => !UNANNOUNCED.has(c.check));
        if (announced) latencies.push(follow.sinceChange());
        log(
          `lessons: ${lesson.slug} step ${index + 1}: Show me -> complete ${seconds(took)} s` +
            (announced ? `, ${Math.round(follow.sinceChange())} ms after the last change` : ''),
        );
        // A quiz step is answered, not shown: no Show me figure.
        if (step.solution?.commands.trim())
          figures.push({
            name: `lessons: Show me -> complete, ${lesson.slug} step ${index + 1} (${step.title})`,
            value: seconds(took),
            unit: 's',
            env: 'node',
            compare: `Show me: ${lesson.slug} step ${index + 1}`,
          });
      }
      // The steps are done and the guest is idle: what each kind of read costs when nothing else runs.
      guestCpuMs += await idleCostMs(vm.costs);
    } finally {
      await vm.stop();
    }
  }
  if (latencies.length)
    figures.push(
      {
        name: `lessons: satisfied check shown after the state change (median of ${latencies.length} steps)`,
        value: Math.round(median(latencies)),
        unit: 'ms',
        target: 300,
        env: 'node',
      },
      {
        name: 'lessons: satisfied check shown after the state change (slowest step)',
        value: Math.round(Math.max(...latencies)),
        unit: 'ms',
        target: 300,
        env: 'node',
      },
      {
        name: `lessons: guest CPU the checks cost while the learner works (${guestReads} reads, at their idle cost)`,
        value: Math.round((guestCpuMs / watchedMs) * 1000) / 10,
        unit: '%',
        target: 5,
        env: 'node',
      },
      {
        name: 'lessons: time the checks were waiting on the guest while the learner works (wall time of their reads)',
        value: Math.round((guestReadMs / watchedMs) * 1000) / 10,
        unit: '%',
        env: 'node',
      },
    );
  if (sides.includes('chromium'))
    for (const result of results) if (result.ok) figures.push(...(await showMeInChromium(result.lesson, log)));
  return figures;
};

/**
 * The same lesson in the built app in Chromium, as a learner clicks through it: a fresh profile (a fresh VM), the
 * lesson opened by its URL (the pane writes its files and runs its setup), then per step Show me (typed into the
 * terminal) until the step shows done, and Next step. Quiz steps are answered right.
 */
async function showMeInChromium(lesson: Lesson, log: (m: string) => void): Promise<Figure[]> {
  buildApp();
  const figures: Figure[] = [];
  const playground = await startPlayground();
  const { page } = playground;
  // The worker's own progress lines, beside the bench's: where a slow or stuck run spends its time.
  // (Not the API server's per-request lines: kubectl makes dozens per command.)
  page.on('console', (m) => {
    const text = m.text();
    if (text.startsWith('[wharf]') && !/^\[wharf\] (GET|POST|PUT|PATCH|DELETE) /.test(text))
      log(`lessons: ${lesson.slug} in Chromium: ${text}`);
  });
  try {
    log(`lessons: ${lesson.slug} in Chromium: booting, opening the lesson`);
    await page.goto(`${playground.app.url}/#/lessons/${lesson.slug}`);
    await page.getByTestId('vm-status').filter({ hasText: 'VM ready' }).waitFor({ timeout: 600_000 });
    await waitForTerminal(page, PROMPT, 300_000);
    log(`lessons: ${lesson.slug} in Chromium: VM ready, setting the lesson up`);
    await page
      .getByTestId('lesson-task')
      .waitFor({ state: 'detached', timeout: STEP_MS })
      .catch(async (error: unknown) => {
        const shown = await page
          .getByTestId('lesson-task')
          .innerText()
          .catch(() => '?');
        throw new Error(`the lesson's set-up did not finish; the pane shows: ${shown}`, { cause: error });
      });
    for (const [index, step] of lesson.steps.entries()) {
      const section = page.locator(`section.step.open[data-step="${step.id}"]`);
      await section.waitFor({ timeout: 60_000 });
      const started = performance.now();
      if (step.solution?.commands.trim()) {
        // Enabled once the terminal can take it: a bounded wait, so a pane that never allows it fails the run.
        await section.getByRole('button', { name: 'Show me' }).click({ timeout: 120_000 });
      } else if (step.quiz) {
        const quiz = section.locator('form.quiz');
        for (const [i, choice] of step.quiz.choices.entries())
          if (choice.correct) await quiz.locator('input').nth(i).check();
        await quiz.getByRole('button', { name: 'Submit answer' }).click({ timeout: 30_000 });
      }
      await waitDone(page, step.id, lesson.slug);
      const took = performance.now() - started;
      log(`lessons: ${lesson.slug} step ${index + 1} in Chromium: ${seconds(took)} s`);
      if (step.solution?.commands.trim())
        figures.push({
          name: `lessons: Show me -> complete, ${lesson.slug} step ${index + 1} (${step.title})`,
          value: seconds(took),
          unit: 's',
          env: 'chromium',
          compare: `Show me: ${lesson.slug} step ${index + 1}`,
        });
      if (index < lesson.steps.length - 1) await section.getByRole('button', { name: 'Next step' }).click();
    }
  } catch (error) {
    await page.screenshot({ path: join(SHOTS, `bench-lessons-${lesson.slug}-failed.png`) }).catch(() => undefined);
    throw error;
  } finally {
    await playground.stop();
  }
  return figures;
}

async function waitDone(page: Page, stepId: string, slug: string): Promise<void> {
  const step = page.locator(`section.step[data-step="${stepId}"]`);
  try {
    await step.locator('.step-complete').waitFor({ timeout: STEP_MS });
  } catch (error) {
    const shown = await step.innerText().catch(() => '?');
    throw new Error(`${slug}/${stepId} did not complete in Chromium; the step shows:\n${shown}`, { cause: error });
  }
}

let built = false;
/** The app as the sources are now (dist/ may be older). */
function buildApp(): void {
  if (built) return;
  const result = spawnSync(join(repoRoot, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: ['ignore', 2, 2],
  });
  if (result.status !== 0) throw new Error('vite build failed');
  built = true;
}

export default bench;
