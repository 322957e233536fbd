import type { Clock } from '../cluster/clock.js';
import type { Disposable } from '../protocol/byte-stream.js';
import { applicableHints } from './applicable-hints.js';
import { cachedReads } from './cached-reads.js';
import { pending, type CheckOutcome } from './checks/check-outcome.js';
import { addTriggers, emptyTriggers, type CheckTriggers } from './checks/check-triggers.js';
import { clusterMotion } from './checks/cluster-motion.js';
import { evaluateCheck } from './checks/evaluate-check.js';
import type { CheckSpec, LessonStep } from './lesson.js';
import type { LessonPorts } from './ports.js';
import type { CheckResult, StepStatus } from './step-status.js';

/**
 * After a change, checks that no event announces (http, command) are looked at again a few times while they fail:
 * `docker run -d nginx` returns before nginx listens, and nothing else would tell the step that it now answers. So
 * is a pending Docker check (see scheduleFollowUp). Bounded (15 s after the last change in all), so an idle
 * learner's guest is not polled.
 */
export const FOLLOW_UP_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000];

export interface StepWatcherOptions {
  step: LessonStep;
  ports: LessonPorts;
  clock: Clock;
  /** Called after every evaluation with the step's settled status. */
  onStatus(status: StepStatus): void;
  /** Quiet time after a change before checks run (changes come in bursts: a rollout is dozens of writes). @default 100 */
  debounceMs?: number;
  /** While changes keep coming, run at least this often anyway. @default 1000 */
  maxWaitMs?: number;
  /**
   * A passing Kubernetes check shows as passed once the cluster is at rest (clusterMotion): until then it is pending
   * ("waiting for the cluster to settle"), since it may be passing on the way elsewhere. A cluster that never comes
   * to rest (a pod that cannot pull its image) holds a pass this long at most. @default 10000
   */
  maxHoldMs?: number;
  /** How long a `requires` check must keep failing before the step shows as blocked. @default 1500 */
  settleMs?: number;
  /** Passed on to each check (see CheckContext.timeoutMs). */
  checkTimeoutMs?: number;
}

/**
 * Watches one step: re-runs its checks when something they read changes (cluster watch events for the kinds they
 * read, Docker events, the files they read, quiz answers, a finished terminal command for http and command checks),
 * debounced, and never on a polling loop. `checkNow()` runs them at once (the pane's Check button).
 */
export class StepWatcher {
  private readonly triggers: CheckTriggers;
  private readonly subscriptions: Disposable[] = [];
  private readonly passingSince = new Map<string, number>();
  private readonly failingSince = new Map<string, number>();
  private cancelTimer: (() => void) | undefined;
  private cancelConfirm: (() => void) | undefined;
  private cancelFollowUp: (() => void) | undefined;
  /** Follow-ups done since the last change (all of them: none due until the next change). */
  private followUps = FOLLOW_UP_DELAYS_MS.length;
  private firstChangeAt: number | undefined;
  private running: Promise<StepStatus> | undefined;
  private changedWhileRunning = false;
  /** A timed re-check (confirm, follow-up) came due during an evaluation: run once more after it, as no change. */
  private recheckWhileRunning = false;
  private complete = false;
  private stopped = false;
  private last: StepStatus | undefined;

  constructor(private readonly options: StepWatcherOptions) {
    const all = [...options.step.checks, ...options.step.requires];
    this.triggers = all.reduce((t, c) => addTriggers(c, t), emptyTriggers());
  }

  /** The latest status, once the first evaluation finished. */
  get status(): StepStatus | undefined {
    return this.last;
  }

  /** Subscribe to what the checks read and run them once. */
  start(): void {
    const { ports } = this.options;
    const changed = () => this.changed();
    for (const kind of this.triggers.kubernetes) this.subscriptions.push(ports.cluster.watch(kind, changed));
    if (this.triggers.docker) this.subscriptions.push(ports.docker.onEvent(changed));
    if (this.triggers.files.size) {
      const files = new Set([...this.triggers.files].map(normalizePath));
      this.subscriptions.push(ports.workspace.onChange((path) => files.has(normalizePath(path)) && changed()));
    }
    if (this.triggers.quizzes.size)
      this.subscriptions.push(ports.quiz.onAnswer((id) => this.triggers.quizzes.has(id) && changed()));
    if (this.triggers.activity && ports.onActivity) this.subscriptions.push(ports.onActivity(changed));
    void this.evaluate(false);
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelConfirm?.();
    this.cancelFollowUp?.();
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }

  /** Run the checks now; a pass counts at once (the learner asked), without the settle wait. */
  async checkNow(): Promise<StepStatus> {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (this.running) await this.running.catch(() => undefined);
    return this.evaluate(true);
  }

  private changed(): void {
    if (this.stopped) return;
    this.followUps = 0;
    this.cancelFollowUp?.();
    this.cancelFollowUp = undefined;
    if (this.running) {
      this.changedWhileRunning = true;
      return;
    }
    const { clock } = this.options;
    const debounce = this.options.debounceMs ?? 100;
    const maxWait = this.options.maxWaitMs ?? 1000;
    this.firstChangeAt ??= clock.now();
    const due = Math.min(clock.now() + debounce, this.firstChangeAt + maxWait);
    this.cancelTimer?.();
    this.cancelTimer = clock.after(due - clock.now(), () => {
      this.cancelTimer = undefined;
      void this.evaluate(false);
    });
  }

  private evaluate(manual: boolean): Promise<StepStatus> {
    this.firstChangeAt = undefined;
    const run = this.runChecks(manual).finally(() => {
      this.running = undefined;
      if (this.stopped) return;
      if (this.changedWhileRunning) {
        this.changedWhileRunning = false;
        this.recheckWhileRunning = false;
        this.changed();
      } else if (this.recheckWhileRunning) {
        this.recheckWhileRunning = false;
        void this.evaluate(false);
      }
    });
    this.running = run;
    return run;
  }

  private async runChecks(manual: boolean): Promise<StepStatus> {
    const { step, clock } = this.options;
    const context = {
      ports: cachedReads(this.options.ports),
      clock,
      ...(step.quiz ? { quiz: step.quiz } : {}),
      ...(this.options.checkTimeoutMs !== undefined ? { timeoutMs: this.options.checkTimeoutMs } : {}),
    };
    const outcome = (check: CheckSpec) => evaluateCheck(check, context);
    const [checks, requires] = await Promise.all([
      Promise.all(step.checks.map(outcome)),
      Promise.all(step.requires.map(outcome)),
    ]);
    // Only a passing Kubernetes check waits for the cluster to come to rest; the learner's own Docker, file and quiz
    // results are final as they are.
    const holds = (check: CheckSpec) => check.check.startsWith('kubernetes.');
    const motion =
      !manual && step.checks.some((check, i) => holds(check) && checks[i]?.state === 'pass')
        ? await clusterMotion(context.ports.cluster).catch(() => undefined)
        : undefined;
    const now = clock.now();
    const settleMs = this.options.settleMs ?? 1500;
    const maxHoldMs = this.options.maxHoldMs ?? 10_000;
    let confirmAt: number | undefined;
    const shown = step.checks.map((check, i) => {
      const raw = checks[i] as CheckOutcome;
      if (raw.state !== 'pass') {
        this.passingSince.delete(check.id);
        return result(check, raw);
      }
      const since = this.passingSince.get(check.id) ?? now;
      this.passingSince.set(check.id, since);
      if (manual || !holds(check) || motion === undefined || now - since >= maxHoldMs) return result(check, raw);
      // The cluster's own changes re-run the checks; this one timer only bounds the hold.
      confirmAt = Math.min(confirmAt ?? Infinity, since + maxHoldMs);
      return result(check, pending('converging', `${raw.reason}; waiting for the cluster to settle: ${motion}`));
    });
    const blocked = step.requires.flatMap((check, i) => {
      const raw = requires[i] as CheckOutcome;
      if (raw.state !== 'fail') {
        this.failingSince.delete(check.id);
        return [];
      }
      const since = this.failingSince.get(check.id) ?? now;
      this.failingSince.set(check.id, since);
      if (manual || now - since >= settleMs) return [result(check, raw)];
      confirmAt = Math.min(confirmAt ?? Infinity, since + settleMs);
      return [];
    });
    // One re-check when a held pass (or a blocking failure) is due: a single timer, not a polling loop.
    this.cancelConfirm?.();
    this.cancelConfirm = undefined;
    if (confirmAt !== undefined && !this.stopped) {
      this.cancelConfirm = clock.after(Math.max(0, confirmAt - now), () => {
        this.cancelConfirm = undefined;
        this.recheck();
      });
    }
    this.scheduleFollowUp(shown);
    this.complete ||= shown.every((r) => r.state === 'pass');
    const status: StepStatus = {
      stepId: step.id,
      checks: shown,
      blocked,
      complete: this.complete,
      hints: applicableHints(step.hints, shown),
    };
    this.last = status;
    if (!this.stopped) this.options.onStatus(status);
    return status;
  }

  private recheck(): void {
    if (this.running) this.recheckWhileRunning = true;
    else if (!this.stopped) void this.evaluate(false);
  }

  private scheduleFollowUp(shown: readonly CheckResult[]): void {
    // `shown` is in the order of the step's checks.
    const waiting = this.options.step.checks.some((check, i) => {
      const state = shown[i]?.state;
      if (check.check === 'http.get' || check.check === 'command') return state !== 'pass';
      // A Docker check pending on a state about to change (a container "still running" that exits a moment later):
      // dockerd may list the old state just after announcing the new one, and no further event comes to correct it.
      return check.check.startsWith('docker.') && state === 'pending';
    });
    const delay = FOLLOW_UP_DELAYS_MS[this.followUps];
    if (!waiting || delay === undefined || this.stopped || this.cancelFollowUp) return;
    this.followUps++;
    this.cancelFollowUp = this.options.clock.after(delay, () => {
      this.cancelFollowUp = undefined;
      this.recheck();
    });
  }
}

function result(check: CheckSpec, outcome: CheckOutcome): CheckResult {
  return { id: check.id, ...(check.title ? { title: check.title } : {}), ...outcome };
}

function normalizePath(path: string): string {
  return path.replace(/^\.\//, '').replace(/^\/+/, '');
}
