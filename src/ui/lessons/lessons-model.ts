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

  startTask(slug: string, kind: TaskView['kind'], message: string): void {
    this.setTask(slug, { kind, running: true, message });
  }

  /** The task ended from the page's side (its promise settled): keep the error, if any, until dismissed. */
  endTask(slug: string, error?: string): void {
    const task = this.view.task[slug];
    if (!task) return;
    this.setTask(slug, error === undefined ? undefined : { ...task, running: false, error });
  }

  dismissTask(slug: string): void {
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
        const task = this.view.task[event.lesson];
        if (!task) return undefined;
        return this.setTask(
          event.lesson,
          event.error === undefined ? undefined : { ...task, running: false, error: event.error },
        );
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
