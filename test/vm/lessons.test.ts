// Every lesson in lessons/, proven in the real VM: a fresh stack per lesson (what "reset the lesson" gives a learner),
// the lesson's files and setup.sh, then step by step: the step's checks do not pass on the state it starts from, its
// solution runs in the guest, and the step watcher (the same one the pane follows, on the same ports the worker
// builds) sees the step complete by itself, from the changes the solution made. Steps build on each other, so they
// run in order; a failure makes the later ones of that lesson fail too (their messages still say what was seen).
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commandPort,
  formatLessonError,
  lessonPortsFromStack,
  loadLessons,
  prepareLesson,
  QuizAnswers,
  solveStep,
  StepWatcher,
  type Lesson,
  type LessonActions,
  type LessonPorts,
  type StepStatus,
} from '../../src/lessons/index.js';
import { realClock } from '../../src/cluster/clock.js';
import { readLessonFolder } from '../../src/lessons/lesson-folder.node.js';
import { Listeners } from '../../src/protocol/listeners.js';
import { WORKSPACE_ROOT } from '../../src/protocol/worker-api.js';
import { Registry } from '../../src/registry/index.js';
import { NodeBlobSource } from '../../src/registry/node-blob-source.js';
import { startStack, type Stack } from '../../src/stack/stack.js';
import { nodeAssets } from '../../src/vm/node-assets.js';
import { buildDir, requireBuild } from './boot.js';

const cacheRoot = process.env.WHARF_CACHE ?? join(homedir(), '.cache', 'wharf');
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

/** One lesson's VM: the stack the worker starts, with the change feeds the worker gives the checks. */
interface LessonVm {
  stack: Stack;
  ports: LessonPorts;
  actions: LessonActions;
  /** What the worker's terminals announce when a learner's command ends. */
  commandFinished: Listeners<[]>;
  logs: string[];
}

async function startLessonVm(lesson: Lesson): Promise<LessonVm> {
  requireBuild();
  const logs: string[] = [];
  const log = (m: string) => {
    logs.push(m);
    if (process.env.WHARF_DEBUG) process.stderr.write(`[${lesson.slug}] ${m}\n`);
  };
  const stack = await startStack({
    vm: { assets: nodeAssets(buildDir) },
    registry: () => Registry.open({ curated: new NodeBlobSource(realpathSync(join(cacheRoot, 'images', 'current'))) }),
    controlPlane: { log: (m) => log(`api: ${m}`) },
    log,
  });
  if (lesson.meta.needsKubernetes)
    await stack.startNode().catch(async (error: unknown) => {
      await stack.stop();
      throw error;
    });
  const fileChanged = new Listeners<[string]>();
  const commandFinished = new Listeners<[]>();
  const quiz = new QuizAnswers();
  const ports = lessonPortsFromStack(stack, {
    quiz,
    onWorkspaceChange: (listener) => fileChanged.add(listener),
    onActivity: (listener) => commandFinished.add(listener),
  });
  const actions: LessonActions = {
    async writeFile(path, text) {
      await stack.vm.link.writeFile(`${WORKSPACE_ROOT}/${path}`, text);
      fileChanged.emit(path);
    },
    run: commandPort(() => stack.vm.link).run,
    answerQuiz: (id, choices) => quiz.set(id, choices),
  };
  return { stack, ports, actions, commandFinished, logs };
}

/** Follow a step until it completes (resolves with its status) or `timeoutMs` passes (rejects with the last one). */
function watchUntilComplete(vm: LessonVm, lesson: Lesson, stepIndex: number) {
  const step = lesson.steps[stepIndex]!;
  let last: StepStatus | undefined;
  let settle!: (status: StepStatus) => void;
  const complete = new Promise<StepStatus>((resolve) => (settle = resolve));
  const watcher = new StepWatcher({
    step,
    ports: vm.ports,
    clock: realClock,
    onStatus: (status) => {
      last = status;
      if (status.complete) settle(status);
    },
  });
  return {
    watcher,
    /** What the checks said last, for a failure message. */
    describe: () =>
      (last?.checks ?? []).map((c) => `${c.id}: ${c.state} (${c.reason})`).join('; ') || 'no evaluation yet',
    async complete(timeoutMs: number): Promise<StepStatus> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`step "${step.title}" did not complete in ${timeoutMs / 1000} s: ${this.describe()}`)),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([complete, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

for (const lesson of lessons) {
  describe(`lesson ${lesson.slug}`, () => {
    let vm: LessonVm | undefined;

    beforeAll(async () => {
      vm = await startLessonVm(lesson);
      await prepareLesson(lesson, vm.actions);
    }, 15 * 60_000);
    afterAll(async () => {
      await vm?.stack.stop();
    });

    for (const [index, step] of lesson.steps.entries()) {
      it(
        `step ${index + 1} "${step.title}": its checks fail before its solution and pass after it`,
        async () => {
          if (!vm) throw new Error('the lesson VM did not start');
          const follow = watchUntilComplete(vm, lesson, index);
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
