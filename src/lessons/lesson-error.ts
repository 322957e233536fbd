/** Where in a lesson's files something is wrong, and what: the loader's unit of feedback to an instructor. */
export interface LessonError {
  /** The file's path as the loader was given it, e.g. `lessons/first-containers/lesson.md`. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
}

/** `lessons/first-containers/lesson.md:12:3 error: check "pods-ready" needs "selector" (...)`, as compilers print. */
export function formatLessonError(error: LessonError): string {
  return `${error.file}:${error.line}:${error.column} error: ${error.message}`;
}
