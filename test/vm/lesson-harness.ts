// Shared by test/vm/lessons.test.ts, scripts/lessons-test.ts (`npm run lessons:test`) and bench/lessons.bench.ts: one lesson's VM as the worker builds it (the stack,
// the lesson ports with the worker's change feeds, the actions that prepare a lesson and run its solutions), and a
// step followed by the same StepWatcher the pane follows. The ports are instrumented: what the checks cost the guest
// (the time of each read that goes into the VM) and when the last change reached the watcher.
import { realClock } from '../../src/cluster/clock.js';
import {
  commandPort,
  lessonPortsFromStack,
  prepareLesson,
  solveStep,
  QuizAnswers,
  StepWatcher,
  type Lesson,
  type LessonActions,
  type LessonPorts,
  type StepStatus,
} from '../../src/lessons/index.js';
import { Listeners } from '../../src/protocol/listeners.js';
import { WORKSPACE_ROOT } from '../../src/protocol/worker-api.js';
import type { Stack } from '../../src/stack/stack.js';
import { startTestStack } from './boot.js';

/** What the checks cost and saw, counted by the instrumented ports. */
export interface CheckCosts {
  /** Reads that went into the guest (Docker, workspace files, HTTP, commands) and their total time. */
  guestReads: number;
  guestReadMs: number;
  /**
   * Per kind of read (`docker.containers`, `http.get`, ...): how many, and the last one again, to time it on an idle
   * guest. A read's time during the learner's command is mostly waiting for the one CPU, not using it: the guest CPU a
   * read costs is what it takes when nothing else runs.
   */
  byKind: Map<string, { count: number; again: () => Promise<unknown> }>;
  /** performance.now() of the last change any port announced to the watcher. */
  lastChangeAt: number;
}

export interface LessonVm {
  stack: Stack;
  ports: LessonPorts;
  actions: LessonActions;
  /** What the worker's terminals announce when a learner's command ends. */
  commandFinished: Listeners<[]>;
  costs: CheckCosts;
  stop(): Promise<void>;
}

export async function startLessonVm(lesson: Lesson): Promise<LessonVm> {
  const stack = await startTestStack((m) => {
    if (process.env.WHARF_DEBUG) process.stderr.write(`[${lesson.slug}] ${m}\n`);
  });
  if (lesson.meta.needsKubernetes)
    await stack.startNode().catch(async (error: unknown) => {
      await stack.stop();
      throw error;
    });
  const fileChanged = new Listeners<[string]>();
  const commandFinished = new Listeners<[]>();
  const quiz = new QuizAnswers();
  const costs: CheckCosts = { guestReads: 0, guestReadMs: 0, byKind: new Map(), lastChangeAt: performance.now() };
  const ports = instrument(
    lessonPortsFromStack(stack, {
      quiz,
      onWorkspaceChange: (listener) => fileChanged.add(listener),
      onActivity: (listener) => commandFinished.add(listener),
    }),
    costs,
  );
  const actions: LessonActions = {
    async writeFile(path, text) {
      await stack.vm.link.writeFile(`${WORKSPACE_ROOT}/${path}`, text);
      fileChanged.emit(path);
    },
    run: commandPort(() => stack.vm.link).run,
    answerQuiz: (id, choices) => quiz.set(id, choices),
  };
  return { stack, ports, actions, commandFinished, costs, stop: () => stack.stop() };
}

/** The same ports, each guest read timed and each change notice stamped. */
function instrument(ports: LessonPorts, costs: CheckCosts): LessonPorts {
  const timed =
    <A extends unknown[], R>(kind: string, read: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      const count = (costs.byKind.get(kind)?.count ?? 0) + 1;
      costs.byKind.set(kind, { count, again: () => read(...args) });
      try {
        return await read(...args);
      } finally {
        costs.guestReads++;
        costs.guestReadMs += performance.now() - started;
      }
    };
  /** The listener, with the time of each change it hears recorded. */
  const stamped =
    <A extends unknown[]>(listener: (...args: A) => void) =>
    (...args: A) => {
      costs.lastChangeAt = performance.now();
      listener(...args);
    };
  const { cluster, docker, workspace, http, command, quiz, onActivity } = ports;
  return {
    // Cluster reads are the host's own store: they cost the guest nothing.
    cluster: { get: cluster.get, list: cluster.list, watch: (kind, f) => cluster.watch(kind, stamped(f)) },
    docker: {
      containers: timed('docker.containers', () => docker.containers()),
      restartCount: timed('docker.restartCount', (name: string) => docker.restartCount(name)),
      images: timed('docker.images', () => docker.images()),
      volumes: timed('docker.volumes', () => docker.volumes()),
      networks: timed('docker.networks', () => docker.networks()),
      onEvent: (f) => docker.onEvent(stamped(f)),
    },
    workspace: {
      readFile: timed('workspace.readFile', (path: string) => workspace.readFile(path)),
      onChange: (f) => workspace.onChange(stamped(f)),
    },
    http: { get: timed('http.get', (target: Parameters<typeof http.get>[0]) => http.get(target)) },
    command: { run: timed('command', (script: string, timeoutMs: number) => command.run(script, timeoutMs)) },
    quiz: { answer: (id) => quiz.answer(id), onAnswer: (f) => quiz.onAnswer(stamped(f)) },
    ...(onActivity ? { onActivity: (f: () => void) => onActivity(stamped(f)) } : {}),
  };
}

/** Follow one step with a StepWatcher on the lesson VM's ports. */
export function followStep(vm: LessonVm, lesson: Lesson, stepIndex: number) {
  const step = lesson.steps[stepIndex]!;
  let last: StepStatus | undefined;
  let completedAt = 0;
  let sinceChange = 0;
  let settle!: (status: StepStatus) => void;
  const complete = new Promise<StepStatus>((resolve) => (settle = resolve));
  const watcher = new StepWatcher({
    step,
    ports: vm.ports,
    clock: realClock,
    onStatus: (status) => {
      last = status;
      if (status.complete && !completedAt) {
        completedAt = performance.now();
        sinceChange = completedAt - vm.costs.lastChangeAt;
        settle(status);
      }
    },
  });
  const describe = () =>
    (last?.checks ?? []).map((c) => `${c.id}: ${c.state} (${c.reason})`).join('; ') || 'no evaluation yet';
  return {
    watcher,
    /** What the checks said last, for a failure message. */
    describe,
    /** performance.now() when the step first showed complete. */
    completedAt: () => completedAt,
    /** From the last change the ports announced to the step showing complete. */
    sinceChange: () => sinceChange,
    async complete(timeoutMs: number): Promise<StepStatus> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`step "${step.title}" did not complete in ${timeoutMs / 1000} s: ${describe()}`)),
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

/** The guest CPU the checks' reads cost, estimated: each kind's count times its median time on the idle guest. */
export async function idleCostMs(costs: CheckCosts): Promise<number> {
  let total = 0;
  for (const { count, again } of costs.byKind.values()) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await again().catch(() => undefined);
      times.push(performance.now() - started);
    }
    total += count * times.sort((a, b) => a - b)[1]!;
  }
  return total;
}

/** How one step of a lesson test went. */
export interface StepReport {
  index: number;
  id: string;
  title: string;
  /** From the solution's start to the step showing complete (or to the failure). */
  ms: number;
  ok: boolean;
  /** Why not, in an author's terms. */
  problem?: string;
}

export interface LessonReport {
  slug: string;
  /** Starting the lesson's VM (and node) plus its files and setup.sh. */
  setupMs: number;
  steps: StepReport[];
  ok: boolean;
  /** Set when the lesson failed before its steps (its VM, its setup.sh). */
  problem?: string;
}

/**
 * Prove a lesson on the real VM, as `npm run lessons:test` and the VM tier do: a fresh stack (what Reset lesson
 * gives a learner), its files and setup.sh, then for each step in order: its checks must not all pass on the state
 * the step starts from, its solution runs, and its watcher must see it complete by itself within `stepTimeoutMs`.
 * Stops at the first failing step: the later ones build on it.
 */
export async function testLesson(
  lesson: Lesson,
  options: { stepTimeoutMs: number; onStep?(report: StepReport): void },
): Promise<LessonReport> {
  const started = performance.now();
  const report: LessonReport = { slug: lesson.slug, setupMs: 0, steps: [], ok: false };
  let vm: LessonVm | undefined;
  try {
    vm = await startLessonVm(lesson);
    await prepareLesson(lesson, vm.actions);
  } catch (error) {
    report.setupMs = performance.now() - started;
    report.problem = `could not set the lesson up: ${error instanceof Error ? error.message : String(error)}`;
    await vm?.stop();
    return report;
  }
  report.setupMs = performance.now() - started;
  try {
    for (const [index, step] of lesson.steps.entries()) {
      const follow = followStep(vm, lesson, index);
      const stepStarted = performance.now();
      const done = (ok: boolean, problem?: string): StepReport => {
        const result: StepReport = {
          index,
          id: step.id,
          title: step.title,
          ms: performance.now() - stepStarted,
          ok,
          ...(problem ? { problem } : {}),
        };
        report.steps.push(result);
        options.onStep?.(result);
        return result;
      };
      try {
        const before = await follow.watcher.checkNow();
        if (before.complete) {
          done(
            false,
            `its checks already pass before its solution ran (${follow.describe()}): the step is done for nothing`,
          );
          return report;
        }
        follow.watcher.start();
        await solveStep(lesson, step, vm.actions);
        // The solution ran as a learner's command would: its prompt came back.
        vm.commandFinished.emit();
        await follow.complete(options.stepTimeoutMs);
        done(true);
      } catch (error) {
        done(false, error instanceof Error ? error.message : String(error));
        return report;
      } finally {
        follow.watcher.stop();
      }
    }
    report.ok = true;
    return report;
  } finally {
    await vm.stop();
  }
}
