import { useSyncExternalStore } from 'react';
import type { LessonTask, StepStatus } from '../../protocol/lessons.js';
import type { WorkerEvent } from '../../protocol/worker-events.js';
import {
  lessonProgress,
  parseProgress,
  PROGRESS_KEY,
  recordQuiz,
  serializeProgress,
  type LessonProgress,
  type Progress,
} from './progress.js';

/** What the worker is doing to one lesson's VM state (set-up, a jump ahead), or how it ended. */
export interface TaskView {
  kind: 'prepare' | 'fast-forward';
  running: boolean;
  /** The worker's latest plain-words message ("Running the lesson's setup.sh", "Step 2 of 4: ..."). */
  message: string;
  done?: number;
  total?: number;
  /** Why it stopped short, once it has (shown as is). */
  error?: string;
}

export interface LessonsView {
  progress: Progress;
  /** The latest status of the watched step, per lesson (cleared when the VM goes away). */
  status: Readonly<Record<string, StepStatus | undefined>>;
  task: Readonly<Record<string, TaskView | undefined>>;
  /**
   * The VM generation (VmView.generation) each lesson was last set up or caught up on. The VM does not outlive the
   * page: after a reload or a reset, what earlier steps made (containers, cluster objects) is gone, so a lesson with
   * progress but no set-up on this generation offers to catch up.
   */
  setUpOn: Readonly<Record<string, number>>;
}

/** Somewhere to keep the progress text (localStorage in the page; a map in the tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * The lesson pane's state outside React: progress (persisted on every change), and what the worker reports about
 * lessons (step status, tasks). It lives as long as the page, not the pane, so events that arrive while the pane is
 * not mounted (a phone showing another tab, the layout crossing its breakpoint) are not lost.
 */
export class LessonsModel {
  private view: LessonsView;
  private readonly subs = new Set<() => void>();
  /** Lessons with work under way, and the token of that work. */
  private readonly running = new Map<string, number>();
  private tokens = 0;

  constructor(private readonly storage: KeyValueStorage | undefined) {
    let raw: string | null = null;
    try {
      raw = storage?.getItem(PROGRESS_KEY) ?? null;
    } catch {
      // storage blocked (a sandboxed frame, privacy settings): start empty, progress lasts this visit only
    }
    this.view = { progress: parseProgress(raw), status: {}, task: {}, setUpOn: {} };
  }

  get = (): LessonsView => this.view;
  subscribe = (fn: () => void): (() => void) => {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  };

  lesson(slug: string): LessonProgress {
    return lessonProgress(this.view.progress, slug);
  }

  /** Change one lesson's progress and save it. */
  update(slug: string, change: (p: LessonProgress) => LessonProgress): void {
    const before = this.lesson(slug);
    const after = change(before);
    if (after === before) return;
    const progress = { ...this.view.progress, [slug]: after };
    this.set({ progress });
    try {
      this.storage?.setItem(PROGRESS_KEY, serializeProgress(progress));
    } catch {
      // storage full or blocked: the session goes on, the progress just will not be there after a reload
    }
  }

  setUp(slug: string, generation: number): void {
    this.set({ setUpOn: { ...this.view.setUpOn, [slug]: generation } });
  }

  /**
   * Begin work on a lesson's VM state. Returns a token for endTask, or undefined when work on this lesson already
   * runs (one at a time: a second set-up would write the files twice and run setup.sh over itself).
   */
  startTask(slug: string, kind: TaskView['kind'], message: string): number | undefined {
    if (this.running.has(slug)) return undefined;
    const token = ++this.tokens;
    this.running.set(slug, token);
    this.setTask(slug, { kind, running: true, message });
    return token;
  }

  /** The same work goes on as another kind (a catch-up sets the lesson up, then fast-forwards). */
  continueTask(slug: string, token: number, kind: TaskView['kind'], message: string): void {
    if (this.running.get(slug) === token) this.setTask(slug, { kind, running: true, message });
  }

  /**
   * The work ended (its promise settled): nothing to show after a success, the error until dismissed after a
   * failure. A token from before a dismissTask (the lesson was reset meanwhile) changes nothing.
   */
  endTask(slug: string, token: number, error?: string): void {
    if (this.running.get(slug) !== token) return;
    this.running.delete(slug);
    const task = this.view.task[slug];
    this.setTask(slug, error === undefined || !task ? undefined : { ...task, running: false, error });
  }

  /** Forget the task and its error (dismissed, or the lesson starts over); work still running no longer counts. */
  dismissTask(slug: string): void {
    this.running.delete(slug);
    this.setTask(slug, undefined);
  }

  /** Forget the last status (the watched step changed: the old one must not show under the new step). */
  clearStatus(slug: string): void {
    if (this.view.status[slug]) this.set({ status: { ...this.view.status, [slug]: undefined } });
  }

  apply(event: WorkerEvent): void {
    switch (event.type) {
      case 'lesson/status':
        return this.set({ status: { ...this.view.status, [event.lesson]: event.status } });
      case 'lesson/task':
        return this.onTask(event.task);
      case 'lesson/task-end': {
        // The error shows at once; the page's promise (endTask) then settles the task for good.
        const task = this.view.task[event.lesson];
        if (!task || event.error === undefined) return undefined;
        return this.setTask(event.lesson, { ...task, running: false, error: event.error });
      }
      case 'lesson/quiz-answered':
        return this.update(event.lesson, (p) => recordQuiz(p, event.quizId, event.choices));
      case 'vm/stopped':
        return this.set({ status: {} });
      default:
        return undefined;
    }
  }

  private onTask(task: LessonTask): void {
    const before = this.view.task[task.lesson];
    this.setTask(task.lesson, {
      kind: before?.kind ?? 'prepare',
      running: true,
      message: task.message,
      ...(task.done !== undefined && { done: task.done }),
      ...(task.total !== undefined && { total: task.total }),
    });
  }

  private setTask(slug: string, task: TaskView | undefined): void {
    this.set({ task: { ...this.view.task, [slug]: task } });
  }

  private set(patch: Partial<LessonsView>): void {
    this.view = { ...this.view, ...patch };
    for (const s of this.subs) s();
  }
}

export function useLessons(model: LessonsModel): LessonsView {
  return useSyncExternalStore(model.subscribe, model.get);
}

/** The page's localStorage, or nothing when the browser refuses it. */
export function pageStorage(): KeyValueStorage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
