/** A lesson as the loader hands it out: validated, with every part the pane and the checks need. */
import type { LessonView, StepView } from '../protocol/lessons.js';
import type { CheckSpec } from './schema/check-kinds.js';
import type { LessonMeta } from './schema/frontmatter-schema.js';

export type { CheckState, Hint, Quiz, Solution } from '../protocol/lessons.js';
export type { CheckSpec, LessonMeta };

/** The page's view of a lesson (src/protocol/lessons.ts), with the typed check specs the worker evaluates. */
export interface Lesson extends LessonView {
  meta: LessonMeta;
  steps: LessonStep[];
}

export interface LessonStep extends StepView {
  checks: CheckSpec[];
  requires: CheckSpec[];
}
