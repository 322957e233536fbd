// Issue #14's figures, in Node: every pilot lesson run as a learner who presses Show me on each step, on the real VM
// with the worker's ports and step watcher (test/vm/lesson-harness.ts). Per step, Show me -> step complete; over all
// steps, how soon a satisfied check shows after the change that satisfied it (host-side: the change announced by a
// cluster watch, a Docker event, a file notice or a quiz answer), and what the checks cost the guest's one CPU.
// bench/browser.bench.ts measures Show me in Chromium with the same `compare` keys.
import { join } from 'node:path';
import { loadLessons, prepareLesson, solveStep } from '../src/lessons/index.js';
import { readLessonFolder } from '../src/lessons/lesson-folder.node.js';
import { followStep, idleCostMs, startLessonVm } from '../test/vm/lesson-harness.js';
import { median, type Bench, type Figure } from './figure.js';

const STEP_MS = 8 * 60_000;
const seconds = (ms: number) => Math.round(ms / 100) / 10;
/** Checks whose changes nothing announces (they complete on a follow-up look, not on an event). */
const UNANNOUNCED = new Set(['http.get', 'command']);

const bench: Bench = async ({ quick, log }) => {
  if (quick) return [];
  const figures: Figure[] = [];
  const results = loadLessons(await readLessonFolder(join(import.meta.dirname, '..', 'lessons')));
  const latencies: number[] = [];
  let guestReadMs = 0;
  let guestCpuMs = 0;
  let guestReads = 0;
  let watchedMs = 0;
  for (const result of results) {
    if (!result.ok) throw new Error(`lesson ${result.slug} does not load: ${result.errors[0]?.message}`);
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
  return figures;
};

export default bench;
