/**
 * Grading cannot start: a bad flag, a lesson that is not there, a kubeconfig it cannot use, a cluster that does not
 * answer. The message says what to change; the CLI prints it and exits 2 (a usage or set-up error, not a grade).
 */
export class GradeSetupError extends Error {
  override name = 'GradeSetupError';
}
