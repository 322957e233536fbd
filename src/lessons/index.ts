/** Lessons: the format's loader and schema, the checks and their ports, the step watcher (docs/lessons.md). */
export type { CheckState, Hint, Lesson, LessonMeta, LessonStep, Quiz, Solution } from './lesson.js';
export { formatLessonError, type LessonError } from './lesson-error.js';
export { loadLessons, type LessonLoadResult, type LoadLessonsOptions } from './load-lessons.js';
export {
  CHECK_KINDS,
  CHECK_KIND_NAMES,
  KUBERNETES_KINDS,
  type CheckSpec,
  type CheckKindName,
} from './schema/check-kinds.js';
export { FRONTMATTER_SCHEMA } from './schema/frontmatter-schema.js';
export type { Schema } from './schema/schema-dsl.js';
export { REASON_CODES, type CheckOutcome, type ReasonCode } from './checks/check-outcome.js';
export { evaluateCheck, type CheckContext } from './checks/evaluate-check.js';
export type * from './ports.js';
export { lessonPortsFromStack, type StackPortsOptions } from './stack-ports.js';
export { QuizAnswers } from './quiz-answers.js';
export type { CheckResult, StepStatus } from './step-status.js';
export { StepWatcher, type StepWatcherOptions } from './step-watcher.js';
export { applicableHints } from './applicable-hints.js';
export { fastForward, LessonScriptError, prepareLesson, solveStep, type LessonActions } from './lesson-runner.js';
export { commandPort } from './guest-ports.js';
export { checkLessons, checkSummary, type LessonCheck } from './lint/check-lessons.js';
export {
  checkBlockJsonSchema,
  frontmatterJsonSchema,
  lessonJsonSchema,
  toJsonSchema,
  type JsonSchema,
} from './schema/json-schema.js';
export {
  DEFAULT_PACK_LIMITS,
  LESSON_PACK_FORMAT,
  LESSON_PACK_SUFFIX,
  LESSON_PACK_VERSION,
  lessonPackText,
  type LessonPack,
  type PackedLesson,
  type PackLimits,
} from './pack/lesson-pack.js';
export { filesLeftOut, packLessons, PackLessonsError, type PackOptions } from './pack/pack-lessons.js';
export { readLessonPack, type ReadPackOptions, type ReadPackResult } from './pack/read-lesson-pack.js';
export { packFileName } from './pack/pack-file-name.js';
