import { realClock, type Clock } from '../cluster/clock.js';
import { OPENED_PREFIX, type LessonCatalog, type StepRef, type StepStatus } from '../protocol/lessons.js';
import type { WorkerEvent } from '../protocol/worker-events.js';
import {
  fastForward,
  prepareLesson,
  QuizAnswers,
  StepWatcher,
  type Lesson,
  type LessonActions,
  type LessonLoadResult,
  type LessonPorts,
  type QuizPort,
} from '../lessons/index.js';

export interface LessonSessionDeps {
  /** The loader's results for every lesson in the build. */
  lessons: readonly LessonLoadResult[];
  emit(event: WorkerEvent): void;
  /** The ports of the running VM's stack for these quiz answers; undefined while no VM runs. */
  ports(quiz: QuizPort): LessonPorts | undefined;
  /** Writes and commands in the running VM (throws while no VM runs). */
  actions(): Omit<LessonActions, 'answerQuiz'>;
  /** Resolves once the Kubernetes node is ready (starting it now if it waits); for lessons that need it. */
  kubernetesReady(): Promise<void>;
  clock?: Clock;
}

/**
 * The lessons side of the worker: the catalog, the one step whose checks run (a StepWatcher on the running VM's
 * ports), the learner's quiz answers per lesson, and the work a lesson asks of the VM (its setup, a jump to a step).
 * Only one step is watched at a time: the one the learner has open.
 */
export class LessonSession {
  /** The build's lessons, then the opened ones and the draft (their slugs are namespaced: no overlap). */
  private readonly bySlug = new Map<string, Lesson>();
  private opened = new Map<string, Lesson>();
  private draft: Lesson | undefined;
  private readonly answers = new Map<string, QuizAnswers>();
  private target: StepRef | undefined;
  private watcher: StepWatcher | undefined;

  constructor(private readonly deps: LessonSessionDeps) {
    for (const result of deps.lessons) if (result.ok) this.bySlug.set(result.slug, result.lesson);
  }

  catalog(): LessonCatalog {
    const catalog: LessonCatalog = { lessons: [], broken: [], opened: [] };
    for (const r of this.deps.lessons) {
      if (r.ok) catalog.lessons.push(r.lesson);
      else catalog.broken.push({ slug: r.slug, source: r.source, errors: r.errors });
    }
    return catalog;
  }

  /** The lessons opened from shared files now (replacing the ones before). */
  setOpened(lessons: readonly Lesson[]): void {
    this.opened = new Map(lessons.map((l) => [l.slug, l]));
    if (this.target && this.target.lesson.startsWith(OPENED_PREFIX)) this.restart();
  }

  /**
   * Author mode's draft as it loads now (undefined: closed). A watched draft step is watched again on the new
   * version, so an edited check counts at once.
   */
  setDraft(lesson: Lesson | undefined): void {
    const before = this.draft;
    this.draft = lesson;
    const watched = this.target?.lesson;
    if (watched !== undefined && (watched === before?.slug || watched === lesson?.slug)) this.restart();
  }

  /** Follow this step's checks (undefined: none). Watching the same step again keeps its watcher. */
  watch(target: StepRef | undefined): void {
    if (target && this.target && target.lesson === this.target.lesson && target.step === this.target.step) return;
    this.target = target;
    this.restart();
  }

  /** The VM changed (started, reset, stopped): the watched step's checks now read another VM, or none. */
  vmChanged(): void {
    this.restart();
  }

  async checkNow(): Promise<StepStatus | undefined> {
    if (!this.watcher) this.restart();
    return this.watcher?.checkNow();
  }

  answerQuiz(lesson: string, quizId: string, choices: number[]): void {
    this.quiz(lesson).set(quizId, choices);
  }

  /** Write the lesson's files and run its setup (after the Kubernetes node is up, when the lesson needs it). */
  async prepare(slug: string): Promise<void> {
    const lesson = this.lesson(slug);
    await this.run(lesson, async (actions) => {
      if (lesson.meta.needsKubernetes) {
        this.deps.emit({ type: 'lesson/task', task: { lesson: slug, message: 'Waiting for the Kubernetes node' } });
        await this.deps.kubernetesReady();
      }
      await prepareLesson(lesson, actions, (task) => this.deps.emit({ type: 'lesson/task', task }));
    });
  }

  /** Do every step before `target.step` by its solution, in order (the pane's "jump to a step"). */
  async fastForward(target: StepRef): Promise<void> {
    const lesson = this.lesson(target.lesson);
    await this.run(lesson, async (actions) => {
      if (lesson.meta.needsKubernetes) await this.deps.kubernetesReady();
      await fastForward(lesson, target.step, actions, (task) => this.deps.emit({ type: 'lesson/task', task }));
    });
  }

  dispose(): void {
    this.watcher?.stop();
    this.watcher = undefined;
  }

  private async run(lesson: Lesson, work: (actions: LessonActions) => Promise<void>): Promise<void> {
    const actions: LessonActions = {
      ...this.deps.actions(),
      answerQuiz: (quizId, choices) => {
        this.answerQuiz(lesson.slug, quizId, choices);
        this.deps.emit({ type: 'lesson/quiz-answered', lesson: lesson.slug, quizId, choices });
      },
    };
    try {
      await work(actions);
      this.deps.emit({ type: 'lesson/task-end', lesson: lesson.slug });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.emit({ type: 'lesson/task-end', lesson: lesson.slug, error: message });
      throw error;
    }
  }

  private restart(): void {
    this.watcher?.stop();
    this.watcher = undefined;
    const target = this.target;
    if (!target) return;
    const lesson = this.find(target.lesson);
    const step = lesson?.steps.find((s) => s.id === target.step);
    const ports = this.deps.ports(this.quiz(target.lesson));
    if (!step || !ports) return;
    const watcher = new StepWatcher({
      step,
      ports,
      clock: this.deps.clock ?? realClock,
      onStatus: (status) => {
        if (this.watcher === watcher) this.deps.emit({ type: 'lesson/status', lesson: target.lesson, status });
      },
    });
    this.watcher = watcher;
    watcher.start();
  }

  private find(slug: string): Lesson | undefined {
    return this.bySlug.get(slug) ?? this.opened.get(slug) ?? (this.draft?.slug === slug ? this.draft : undefined);
  }

  private lesson(slug: string): Lesson {
    const lesson = this.find(slug);
    if (!lesson) {
      const known = [...this.bySlug.keys(), ...this.opened.keys(), ...(this.draft ? [this.draft.slug] : [])];
      throw new Error(`there is no lesson "${slug}" (lessons: ${known.join(', ')})`);
    }
    return lesson;
  }

  private quiz(slug: string): QuizAnswers {
    let answers = this.answers.get(slug);
    if (!answers) this.answers.set(slug, (answers = new QuizAnswers()));
    return answers;
  }
}
