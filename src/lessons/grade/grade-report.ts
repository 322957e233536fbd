/** A LessonGrade as the grader reads it in a terminal: the sources, each step and check, and how far the learner got. */
import type { GradeState, LessonGrade, StepGradeStatus } from './grade-lesson.js';

const STATE_LABEL: Record<GradeState, string> = { pass: 'pass', fail: 'FAIL', pending: 'pending', skip: 'skip' };
const STATUS_LABEL: Record<StepGradeStatus, string> = {
  complete: 'complete',
  incomplete: 'NOT COMPLETE',
  skipped: 'skipped',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `sources`: one line per thing read, such as "cluster   https://127.0.0.1:6443 (context kind-kind, namespace default)". */
export function formatGrade(grade: LessonGrade, sources: readonly string[]): string {
  const lines = [`${grade.title} (${grade.slug})`, ...sources.map((s) => `  ${s}`), ''];
  for (const step of grade.steps) {
    lines.push(`step ${step.number}  ${STATUS_LABEL[step.status].padEnd(12)}  ${step.title}`);
    for (const check of step.checks) {
      const reason = check.state === 'skip' ? `skipped: ${check.reason}` : check.reason;
      lines.push(`  ${STATE_LABEL[check.state].padEnd(7)}  ${check.title} (${check.id}): ${reason}`);
    }
  }
  lines.push('');
  const first = grade.steps.find((s) => s.number === grade.firstIncomplete);
  lines.push(
    first
      ? `first step not complete: step ${first.number}, ${first.title}`
      : grade.graded === 0
        ? 'nothing could be graded here: every check was skipped (the reasons are above)'
        : 'every step that could be graded is complete',
  );
  const byStatus = (status: StepGradeStatus) => grade.steps.filter((s) => s.status === status).length;
  const graded = grade.steps.length - byStatus('skipped');
  const { pass, fail, pending, skip } = grade.counts;
  lines.push(
    `${byStatus('complete')} of ${plural(graded, 'graded step')} complete${byStatus('skipped') ? `, ${byStatus('skipped')} skipped` : ''}; ` +
      `checks: ${pass} passed, ${fail} failed, ${pending} pending, ${skip} skipped`,
  );
  return lines.join('\n');
}
