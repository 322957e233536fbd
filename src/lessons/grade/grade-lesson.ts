/**
 * Grade a lesson in one pass: every check of the chosen steps evaluated once on the ports (the same evaluation the
 * playground's StepWatcher runs, without its waiting: a grade is a snapshot of what is there now). What cannot be
 * graded where the grader stands is skipped with the reason, never failed: a quiz (its answer lives in the learner's
 * browser), Docker checks without a Docker Engine, cluster checks without a kubeconfig.
 */
import { realClock, type Clock } from '../../cluster/clock.js';
import type { ReasonCode } from '../checks/check-outcome.js';
import { evaluateCheck } from '../checks/evaluate-check.js';
import type { Lesson } from '../lesson.js';
import type { LessonPorts } from '../ports.js';
import type { CheckKindName, CheckSpec } from '../schema/check-kinds.js';

export type GradeState = 'pass' | 'fail' | 'pending' | 'skip';

export interface CheckGrade {
  id: string;
  /** The check's title (what the learner's checklist shows), or its id. */
  title: string;
  check: CheckKindName;
  state: GradeState;
  /** The reason code (docs/authoring.md, "Results, pending and hints"); absent for a skipped check. */
  code?: ReasonCode;
  /** In the learner's terms: "found 2 ready pods matching app=nginx, want 3", or why it was skipped. */
  reason: string;
}

/**
 * complete: every check that could be graded passed. incomplete: one failed or is pending (still settling, or its
 * state could not be read). skipped: none of its checks could be graded here.
 */
export type StepGradeStatus = 'complete' | 'incomplete' | 'skipped';

export interface StepGrade {
  /** 1-based, as the learner counts steps. */
  number: number;
  id: string;
  title: string;
  status: StepGradeStatus;
  checks: CheckGrade[];
}

export interface LessonGrade {
  slug: string;
  title: string;
  steps: StepGrade[];
  /** The first graded step that is not complete: how far the learner got. Absent when none. */
  firstIncomplete?: number;
  /** The last complete step (later states can undo earlier steps' checks, so this may lie past firstIncomplete). */
  lastComplete?: number;
  counts: Record<GradeState, number>;
  /** Checks that could be graded here (not skipped). */
  graded: number;
  /** At least one check could be graded, and none failed or is pending. */
  ok: boolean;
}

/** What the grader can reach, and why not where it cannot. */
export interface GradeSources {
  ports: LessonPorts;
  /** Set when there is no cluster to read: the sentence its checks are skipped with. */
  clusterMissing?: string;
  /** Set when there is no Docker Engine to read: the sentence its checks are skipped with. */
  dockerMissing?: string;
  /** Where checks that name no namespace look (the kubeconfig context's namespace). @default default */
  namespace?: string;
  clock?: Clock;
}

export const QUIZ_SKIP_REASON =
  'a quiz is answered in the playground; the answer is not in the cluster, Docker or the workspace';

/** Checks that read the cluster: the Kubernetes ones, and an http.get that finds its target through a Service. */
export function readsCluster(check: CheckSpec): boolean {
  return (
    check.check.startsWith('kubernetes.') ||
    (check.check === 'http.get' && (check.service !== undefined || check.nodePortOf !== undefined))
  );
}

export function readsDocker(check: CheckSpec): boolean {
  return check.check.startsWith('docker.');
}

function skipReason(check: CheckSpec, sources: GradeSources): string | undefined {
  if (check.check === 'quiz') return QUIZ_SKIP_REASON;
  if (readsCluster(check) && sources.clusterMissing) return sources.clusterMissing;
  if (readsDocker(check) && sources.dockerMissing) return sources.dockerMissing;
  return undefined;
}

/** The check as written, looking in the context's namespace when it names none (an instructor's per-student one). */
function inNamespace(check: CheckSpec, namespace: string | undefined): CheckSpec {
  if (namespace === undefined || !(check.check.startsWith('kubernetes.') || check.check === 'http.get')) return check;
  if ('namespace' in check && check.namespace !== undefined) return check;
  return { ...check, namespace } as CheckSpec;
}

async function gradeCheck(check: CheckSpec, sources: GradeSources): Promise<CheckGrade> {
  const base = { id: check.id, title: check.title ?? check.id, check: check.check };
  const skip = skipReason(check, sources);
  if (skip !== undefined) return { ...base, state: 'skip', reason: skip };
  const outcome = await evaluateCheck(inNamespace(check, sources.namespace), {
    ports: sources.ports,
    clock: sources.clock ?? realClock,
  });
  return { ...base, state: outcome.state, code: outcome.code, reason: outcome.reason };
}

function stepStatus(checks: CheckGrade[]): StepGradeStatus {
  const graded = checks.filter((c) => c.state !== 'skip');
  if (graded.length === 0) return 'skipped';
  return graded.every((c) => c.state === 'pass') ? 'complete' : 'incomplete';
}

/**
 * Grade `steps` (1-based numbers; default every step). Checks run one after another: a lesson has a handful, and
 * command checks must not race each other in the learner's folder.
 */
export async function gradeLesson(lesson: Lesson, sources: GradeSources, steps?: number[]): Promise<LessonGrade> {
  const chosen = steps ?? lesson.steps.map((_, i) => i + 1);
  const graded: StepGrade[] = [];
  for (const number of chosen) {
    const step = lesson.steps[number - 1];
    if (!step) throw new RangeError(`lesson ${lesson.slug} has no step ${number}`);
    const checks: CheckGrade[] = [];
    for (const check of step.checks) checks.push(await gradeCheck(check, sources));
    graded.push({ number, id: step.id, title: step.title, status: stepStatus(checks), checks });
  }
  const counts: Record<GradeState, number> = { pass: 0, fail: 0, pending: 0, skip: 0 };
  for (const check of graded.flatMap((s) => s.checks)) counts[check.state]++;
  const firstIncomplete = graded.find((s) => s.status === 'incomplete')?.number;
  const lastComplete = graded.findLast((s) => s.status === 'complete')?.number;
  const gradedChecks = counts.pass + counts.fail + counts.pending;
  return {
    slug: lesson.slug,
    title: lesson.meta.title,
    steps: graded,
    ...(firstIncomplete !== undefined ? { firstIncomplete } : {}),
    ...(lastComplete !== undefined ? { lastComplete } : {}),
    counts,
    graded: gradedChecks,
    // Nothing gradeable (no Docker Engine for a Docker lesson) is no pass: the grader could not look.
    ok: gradedChecks > 0 && counts.fail === 0 && counts.pending === 0,
  };
}
