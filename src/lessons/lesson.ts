/** A lesson as the loader hands it out: validated, with every part the pane and the checks need. */
import type { CheckSpec } from './schema/check-kinds.js';
import type { LessonMeta } from './schema/frontmatter-schema.js';

export type { CheckSpec, LessonMeta };

/** What a check found: done, still settling (a pod exists but is not Ready yet), or not done. */
export type CheckState = 'pass' | 'pending' | 'fail';

export interface Lesson {
  /** The lesson's folder name: its id in progress records and prerequisites. */
  slug: string;
  /** The lesson.md path it was loaded from (for messages). */
  source: string;
  meta: LessonMeta;
  /** Markdown before the first step (untrusted: the pane sanitizes it when rendering). */
  intro: string;
  steps: LessonStep[];
  /** Markdown of the `## Finish` section, shown once every step is done. */
  finish?: string;
  /** The starting workspace: path inside the workspace -> text, from the lesson's files/ folder. */
  files: Record<string, string>;
  /** setup.sh: run in the guest (sh, in the workspace) after the files are written and before the first step. */
  setup?: string;
}

export interface LessonStep {
  /** From the title (`## Step: Scale it to three` -> `scale-it-to-three`); unique in the lesson. */
  id: string;
  title: string;
  /** The step's text, without its check blocks and its hint, solution and quiz sections. */
  body: string;
  /** All must pass for the step to be done. A step's quiz adds one check of kind `quiz`. */
  checks: CheckSpec[];
  /** States the step cannot do without: one failing means the learner is stuck (e.g. its namespace was deleted). */
  requires: CheckSpec[];
  /** In the order written: the pane reveals them one at a time; conditional ones only while their condition holds. */
  hints: Hint[];
  solution?: Solution;
  quiz?: Quiz;
}

export interface Hint {
  /** Markdown. */
  text: string;
  /** Show the hint only while a check is in this state (and, with `code`, failed or waits for this reason). */
  when?: { check: string; state: CheckState; code?: string };
}

export interface Solution {
  /** Markdown, shown when the learner asks for the solution. */
  text: string;
  /** The shell commands of its ```sh blocks, in order: what the VM test runs to prove the step can pass. */
  commands: string;
}

export interface Quiz {
  id: string;
  /** Markdown. */
  question: string;
  choices: { text: string; correct: boolean }[];
  /** Markdown shown once answered (the text after the choices). */
  explanation?: string;
}
