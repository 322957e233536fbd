import type { LessonTask } from '../protocol/lessons.js';
import type { Lesson, LessonStep } from './lesson.js';

/**
 * What preparing a lesson and running its solutions does to the VM, as a port: the worker writes through its
 * workspace sync (so the files are also kept for the next visit) and runs commands on the guest link; the VM tests
 * hand in the guest link alone.
 */
export interface LessonActions {
  /** Create or replace a workspace file (path relative to the workspace). */
  writeFile(path: string, text: string): Promise<void>;
  /** `sh -c script` in the workspace; stdout and stderr together. */
  run(script: string, timeoutMs: number): Promise<{ exitCode: number; output: string }>;
  /** Record an answer to one of the lesson's quizzes (indexes of the picked choices). */
  answerQuiz(quizId: string, choices: number[]): void;
}

/** A lesson's setup.sh or a step's solution did not succeed: what ran, and what it printed. */
export class LessonScriptError extends Error {
  constructor(
    readonly what: string,
    readonly exitCode: number,
    readonly output: string,
  ) {
    super(`${what} exited with ${exitCode}${output.trim() ? `: ${lastLines(output, 8)}` : ''}`);
    this.name = 'LessonScriptError';
  }
}

/** setup.sh may pull images and wait for a rollout: on the emulated CPU that takes minutes, not seconds. */
const SETUP_TIMEOUT_MS = 10 * 60_000;
const SOLUTION_TIMEOUT_MS = 10 * 60_000;

/** Write the lesson's starting files into the workspace, then run its setup.sh there (stops at the first failure). */
export async function prepareLesson(
  lesson: Lesson,
  actions: LessonActions,
  report: (task: LessonTask) => void = () => undefined,
): Promise<void> {
  const files = Object.entries(lesson.files);
  if (files.length) {
    report({ lesson: lesson.slug, message: `Writing the lesson's files (${files.map(([p]) => p).join(', ')})` });
    for (const [path, text] of files) await actions.writeFile(path, text);
  }
  if (lesson.setup !== undefined) {
    report({ lesson: lesson.slug, message: 'Running the lesson’s setup.sh' });
    const { exitCode, output } = await actions.run(`set -e\n${lesson.setup}`, SETUP_TIMEOUT_MS);
    if (exitCode !== 0) throw new LessonScriptError(`${lesson.slug}/setup.sh`, exitCode, output);
  }
}

/**
 * Do a step the way its solution says: run its commands (with `set -e`: a failing command stops it) and answer its
 * quiz right. Throws LessonScriptError when the commands fail; a step without a solution is left as it is.
 */
export async function solveStep(lesson: Lesson, step: LessonStep, actions: LessonActions): Promise<void> {
  if (step.solution?.commands.trim()) {
    const { exitCode, output } = await actions.run(`set -e\n${step.solution.commands}`, SOLUTION_TIMEOUT_MS);
    if (exitCode !== 0)
      throw new LessonScriptError(`the solution of ${lesson.slug}, step "${step.title}"`, exitCode, output);
  }
  if (step.quiz) {
    const right = step.quiz.choices.flatMap((choice, index) => (choice.correct ? [index] : []));
    actions.answerQuiz(step.quiz.id, right);
  }
}

/** Jump to a step: do every step before it, in order, out of sight (the learner sees the count). */
export async function fastForward(
  lesson: Lesson,
  toStepId: string,
  actions: LessonActions,
  report: (task: LessonTask) => void = () => undefined,
): Promise<void> {
  const index = lesson.steps.findIndex((s) => s.id === toStepId);
  if (index < 0) throw new Error(`lesson ${lesson.slug} has no step "${toStepId}"`);
  for (const [i, step] of lesson.steps.slice(0, index).entries()) {
    report({ lesson: lesson.slug, message: `Step ${i + 1} of ${index}: ${step.title}`, done: i, total: index });
    await solveStep(lesson, step, actions);
  }
  report({ lesson: lesson.slug, message: 'Caught up', done: index, total: index });
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
