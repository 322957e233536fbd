import type { LessonView } from '../../protocol/lessons.js';
import type { LessonProgress } from './progress.js';

/**
 * Which step a lesson is at and how each step shows: done ones collapsed with a tick, the current one open, later
 * ones visible but collapsed. The step the URL names opens instead when it is another one (re-reading a done step,
 * or looking at a later one, which offers "Skip here").
 */

export type StepState = 'done' | 'current' | 'later';

/** The step the learner works on: the saved one while the lesson has it, else the first not done. */
export function currentStepId(lesson: LessonView, progress: LessonProgress): string | undefined {
  const ids = lesson.steps.map((s) => s.id);
  if (progress.current !== undefined && ids.includes(progress.current)) return progress.current;
  return ids.find((id) => !progress.done.includes(id)) ?? ids[ids.length - 1];
}

export function stepStates(lesson: LessonView, progress: LessonProgress): Record<string, StepState> {
  const current = currentStepId(lesson, progress);
  const currentIndex = lesson.steps.findIndex((s) => s.id === current);
  const states: Record<string, StepState> = {};
  lesson.steps.forEach((step, i) => {
    if (step.id === current) states[step.id] = progress.done.includes(step.id) ? 'done' : 'current';
    else if (progress.done.includes(step.id) || i < currentIndex) states[step.id] = 'done';
    else states[step.id] = 'later';
  });
  return states;
}

/** The step to show open: the URL's when it names one of the lesson's steps, else the current one. */
export function openStepId(
  lesson: LessonView,
  progress: LessonProgress,
  routeStep: string | undefined,
): string | undefined {
  if (routeStep !== undefined && lesson.steps.some((s) => s.id === routeStep)) return routeStep;
  return currentStepId(lesson, progress);
}

/** The steps before this one (what "Skip here" does for the learner, and marks done). */
export function stepsBefore(lesson: LessonView, stepId: string): string[] {
  const index = lesson.steps.findIndex((s) => s.id === stepId);
  return index < 0 ? [] : lesson.steps.slice(0, index).map((s) => s.id);
}

export function nextStepId(lesson: LessonView, stepId: string): string | undefined {
  const index = lesson.steps.findIndex((s) => s.id === stepId);
  return index < 0 ? undefined : lesson.steps[index + 1]?.id;
}

/** Every step is done. */
export function allDone(lesson: LessonView, progress: LessonProgress): boolean {
  return lesson.steps.every((s) => progress.done.includes(s.id));
}
