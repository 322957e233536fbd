/**
 * The learner's progress through the lessons, as kept in localStorage between visits: per lesson the step they work
 * on, the steps done, their quiz answers, whether the lesson was set up (files written, setup.sh run) and finished.
 *
 * Stored as versioned JSON. Anything unreadable (another version, hand-edited or truncated JSON, wrong types) falls
 * back to "no progress" field by field, never to an exception: a broken record must not break the page.
 */

export const PROGRESS_KEY = 'wharf:lessons';
export const PROGRESS_VERSION = 1;

export interface LessonProgress {
  /** Id of the step the learner works on; undefined until the lesson is started. */
  current?: string;
  /** Ids of the steps done, in the order they were done. */
  done: string[];
  /** Quiz id -> the picked choices (indexes): re-sent to the worker after a reload, where they are checked. */
  quiz: Record<string, number[]>;
  /** The lesson's files were written and its setup ran once (a first visit sets it up; later ones do not again). */
  prepared: boolean;
  /** Every step was done and the finish page was reached. */
  finished: boolean;
}

export type Progress = Readonly<Record<string, LessonProgress>>;

export const EMPTY_LESSON: LessonProgress = Object.freeze({ done: [], quiz: {}, prepared: false, finished: false });

/** The stored text back to progress; unreadable parts are dropped. */
export function parseProgress(raw: string | null | undefined): Progress {
  if (!raw) return {};
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return {};
  }
  if (!isRecord(data) || data.version !== PROGRESS_VERSION || !isRecord(data.lessons)) return {};
  const progress: Record<string, LessonProgress> = {};
  for (const [slug, entry] of Object.entries(data.lessons)) {
    if (!isRecord(entry)) continue;
    const lesson: LessonProgress = {
      done: Array.isArray(entry.done) ? [...new Set(entry.done.filter(isText))] : [],
      quiz: isRecord(entry.quiz) ? readQuiz(entry.quiz) : {},
      prepared: entry.prepared === true,
      finished: entry.finished === true,
    };
    if (isText(entry.current)) lesson.current = entry.current;
    progress[slug] = lesson;
  }
  return progress;
}

export function serializeProgress(progress: Progress): string {
  return JSON.stringify({ version: PROGRESS_VERSION, lessons: progress });
}

export function lessonProgress(progress: Progress, slug: string): LessonProgress {
  return progress[slug] ?? EMPTY_LESSON;
}

// Each change below returns a new object (the store hands snapshots to React) and leaves the input untouched.

export function setCurrent(p: LessonProgress, step: string): LessonProgress {
  return p.current === step ? p : { ...p, current: step };
}

export function completeSteps(p: LessonProgress, steps: readonly string[]): LessonProgress {
  const added = [...new Set(steps)].filter((s) => !p.done.includes(s));
  return added.length ? { ...p, done: [...p.done, ...added] } : p;
}

export function recordQuiz(p: LessonProgress, quizId: string, choices: readonly number[]): LessonProgress {
  return { ...p, quiz: { ...p.quiz, [quizId]: [...choices] } };
}

export function markPrepared(p: LessonProgress): LessonProgress {
  return p.prepared ? p : { ...p, prepared: true };
}

export function markFinished(p: LessonProgress): LessonProgress {
  return p.finished ? p : { ...p, finished: true };
}

/** Back to the start: step one, nothing done, no answers, to be set up again. */
export function restart(firstStep: string | undefined): LessonProgress {
  return firstStep === undefined ? { ...EMPTY_LESSON } : { ...EMPTY_LESSON, current: firstStep };
}

/** What the course map shows for a lesson: "2 of 5 steps", started or not, finished. */
export function progressSummary(
  p: LessonProgress,
  stepIds: readonly string[],
): {
  done: number;
  total: number;
  started: boolean;
  finished: boolean;
} {
  const done = stepIds.filter((id) => p.done.includes(id)).length;
  return { done, total: stepIds.length, started: p.prepared || p.done.length > 0, finished: p.finished };
}

function readQuiz(raw: Record<string, unknown>): Record<string, number[]> {
  const quiz: Record<string, number[]> = {};
  for (const [id, choices] of Object.entries(raw)) {
    if (Array.isArray(choices) && choices.every((c) => Number.isInteger(c) && c >= 0)) quiz[id] = choices as number[];
  }
  return quiz;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
