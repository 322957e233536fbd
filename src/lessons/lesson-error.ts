import type { LessonError } from '../protocol/lessons.js';

export type { LessonError };

/** `lessons/first-containers/lesson.md:12:3 error: check "pods-ready" needs "selector" (...)`, as compilers print. */
export function formatLessonError(error: LessonError): string {
  return `${error.file}:${error.line}:${error.column} error: ${error.message}`;
}
