import { parseTime, rfc3339 } from '../clock.js';
import { claim, ignoreGone } from './claim.js';
import type { ControllerContext } from '../machinery/controller-context.js';
import { Expectations } from '../machinery/expectations.js';
import { keyOf } from '../machinery/informer.js';
import { selectorMatches } from '../machinery/label-selector.js';
import { errorText } from './omit-zeros.js';
import { controllerRef, controllerRefTo } from '../machinery/owner-refs.js';
import { createGeneratedPod, podFromTemplate } from './pod-template.js';
import { compareForDeletion, isPodActive } from './pod-util.js';
import { deepEqual } from './deployment-replicas.js';
import type { Job, Pod } from '../objects/index.js';

export const JOBS = 'jobs.batch';

/** Upstream DefaultJobBackOff / MaxJobBackOff: 10 s doubling per failure, capped at 6 minutes. */
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 360_000;

export function jobFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

/**
 * The Job controller (upstream pkg/controller/job, batch/v1 in 1.20): runs pods `<job>-xxxxx` until `completions`
 * succeed (or, without completions, until one succeeds and none is left running), at most `parallelism` at a time;
 * failed pods are replaced after an exponential back-off until `backoffLimit` failures (restarts, for
 * restartPolicy OnFailure) or `activeDeadlineSeconds` fail the Job. Reports active/succeeded/failed, startTime,
 * completionTime and the Complete / Failed conditions that `kubectl wait --for=condition=complete` watches.
 */
export function startJobController(ctx: ControllerContext): void {
  const jobs = ctx.informer<Job>(JOBS);
  const pods = ctx.informer<Pod>('pods');
  const expectations = new Expectations(() => ctx.clock.now());
  const events = ctx.events.for('job-controller');
  const queue = ctx.queue('job', sync);
  const lastFailureSeen = new Map<string, { failed: number; at: number }>();

  jobs.onChange((e) => {
    if (e.type === 'DELETED') {
      expectations.forget(keyOf(e.object));
      lastFailureSeen.delete(keyOf(e.object));
    }
    queue.add(keyOf(e.object));
  });
  pods.onChange((e, old) => {
    const pod = e.object as Pod;
    const ref = controllerRef(pod);
    const job = ref?.kind === 'Job' ? jobs.getByUid(ref.uid) : undefined;
    if (job) {
      const key = keyOf(job);
      if (e.type === 'ADDED') expectations.creationObserved(key);
      if (e.type === 'DELETED' && !old?.metadata.deletionTimestamp) expectations.deletionObserved(key);
      if (e.type === 'MODIFIED' && pod.metadata.deletionTimestamp && !old?.metadata.deletionTimestamp)
        expectations.deletionObserved(key);
      queue.add(key);
    } else if (!ref && e.type !== 'DELETED') {
      for (const j of jobs.inNamespace(pod.metadata.namespace ?? ''))
        if (j.spec.selector && selectorMatches(j.spec.selector, pod.metadata.labels)) queue.add(keyOf(j));
    }
  });

  async function sync(key: string): Promise<void> {
    const job = jobs.get(key);
    if (!job || jobFinished(job)) return;
    const now = ctx.clock.now();
    const nowIso = rfc3339(now);
    // The API defaults the selector (controller-uid); without one, fall back to the pods this Job owns.
    const all = job.spec.selector
      ? await claim(ctx, pods, job, 'batch/v1', 'Job', job.spec.selector)
      : pods.ownedBy(job.metadata.uid ?? '').filter((p) => controllerRef(p)?.uid === job.metadata.uid);
    const activePods = all.filter(isPodActive);
    let active = activePods.length;
    const succeeded = all.filter((p) => p.status?.phase === 'Succeeded').length;
    let failed = all.filter((p) => p.status?.phase === 'Failed').length + countRemovedFailures(job, all);
    const status: NonNullable<Job['status']> = { ...(job.status ?? {}) };
    status.startTime ??= nowIso;
    const deadline = job.spec.activeDeadlineSeconds;
    const started = parseTime(status.startTime) ?? now;
    if (deadline !== undefined) queue.addAfter(key, started + deadline * 1000 - now + 1);

    const backoffLimit = job.spec.backoffLimit ?? 6;
    const onFailure = job.spec.template.spec?.restartPolicy === 'OnFailure';
    const restarts = activePods.reduce(
      (n, p) => n + (p.status?.containerStatuses ?? []).reduce((m, c) => m + (c.restartCount ?? 0), 0),
      0,
    );
    let failure: [string, string] | undefined;
    if (failed > backoffLimit || (onFailure && (backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit)))
      failure = ['BackoffLimitExceeded', 'Job has reached the specified backoff limit'];
    else if (deadline !== undefined && now - started >= deadline * 1000)
      failure = ['DeadlineExceeded', 'Job was active longer than specified deadline'];

    let manageError: unknown;
    if (failure) {
      await Promise.all(
        activePods.map((p) =>
          ctx.store
            .delete('pods', p.metadata.namespace, p.metadata.name ?? '', { uid: p.metadata.uid })
            .catch(ignoreGone),
        ),
      );
      failed += active;
      active = 0;
      status.conditions = [
        ...(status.conditions ?? []),
        {
          type: 'Failed',
          status: 'True',
          lastProbeTime: nowIso,
          lastTransitionTime: nowIso,
          reason: failure[0],
          message: failure[1],
        },
      ];
      events.event(job, 'Warning', failure[0], failure[1]);
    } else {
      if (expectations.satisfied(key) && !job.metadata.deletionTimestamp && !job.spec.suspend) {
        try {
          active = await manage(job, key, activePods, succeeded, failed, now);
        } catch (error) {
          manageError = error;
        }
      }
      const complete =
        job.spec.completions === undefined ? succeeded > 0 && active === 0 : succeeded >= job.spec.completions;
      if (complete) {
        status.conditions = [
          ...(status.conditions ?? []),
          { type: 'Complete', status: 'True', lastProbeTime: nowIso, lastTransitionTime: nowIso },
        ];
        status.completionTime = nowIso;
        events.event(job, 'Normal', 'Completed', 'Job completed');
      }
    }
    Object.assign(status, { active, succeeded, failed });
    for (const k of ['active', 'succeeded', 'failed'] as const) if (!status[k]) delete status[k];
    const current = jobs.get(key);
    if (current && !deepEqual(current.status ?? {}, status))
      await ctx.store.updateStatus(JOBS, { ...current, status }).catch(ignoreGone);
    if (manageError) throw manageError;
  }

  /** Failed pods already deleted (by the user or GC) still count: keep the highest failure count seen. */
  function countRemovedFailures(job: Job, all: Pod[]): number {
    const seen = all.filter((p) => p.status?.phase === 'Failed').length;
    return Math.max(0, (job.status?.failed ?? 0) - seen);
  }

  async function manage(
    job: Job,
    key: string,
    activePods: Pod[],
    succeeded: number,
    failed: number,
    now: number,
  ): Promise<number> {
    const parallelism = job.spec.parallelism ?? 1;
    let active = activePods.length;
    if (active > parallelism) {
      const extra = [...activePods].sort((a, b) => compareForDeletion(a, b)).slice(0, active - parallelism);
      expectations.expect(key, 0, extra.length);
      for (const p of extra) {
        await ctx.store
          .delete('pods', p.metadata.namespace, p.metadata.name ?? '', { uid: p.metadata.uid })
          .catch(ignoreGone);
        events.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
      }
      return parallelism;
    }
    const want =
      job.spec.completions === undefined
        ? succeeded > 0
          ? active
          : parallelism
        : Math.max(0, Math.min(job.spec.completions - succeeded, parallelism));
    const diff = want - active;
    if (diff <= 0) return active;
    // After a failure, wait out the back-off before replacing it (upstream requeues the Job rate-limited).
    const seen = lastFailureSeen.get(key);
    if (!seen || failed > seen.failed) lastFailureSeen.set(key, { failed, at: now });
    if (failed > 0) {
      const wait = Math.min(BACKOFF_BASE_MS * 2 ** (failed - 1), BACKOFF_MAX_MS);
      const since = now - lastFailureSeen.get(key)!.at;
      if (since < wait) {
        queue.addAfter(key, wait - since);
        return active;
      }
    }
    expectations.expect(key, diff, 0);
    const owner = controllerRefTo(job, 'batch/v1', 'Job');
    const template = podFromTemplate(job.spec.template, job.metadata.namespace ?? 'default', owner, '');
    const results = await Promise.allSettled(
      Array.from({ length: diff }, () => createGeneratedPod(ctx, template, `${job.metadata.name}-`)),
    );
    let firstError: unknown;
    for (const r of results) {
      if (r.status === 'fulfilled') {
        active++;
        events.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${r.value.metadata.name}`);
      } else {
        expectations.creationObserved(key);
        firstError ??= r.reason;
        events.event(job, 'Warning', 'FailedCreate', `Error creating: ${errorText(r.reason)}`);
      }
    }
    if (firstError) throw firstError;
    return active;
  }
}
