import { parseTime, rfc3339 } from '../clock.js';
import type { ControllerContext } from '../machinery/controller-context.js';
import { parseCron } from './cron-schedule.js';
import { keyOf } from '../machinery/informer.js';
import { JOBS, jobFinished } from './job-controller.js';
import { errorText } from './omit-zeros.js';
import { controllerRef, controllerRefTo } from '../machinery/owner-refs.js';
import { isReason } from '../machinery/store-port.js';
import type { CronJob, Job, ObjectReference } from '../objects/index.js';

export const CRONJOBS = 'cronjobs.batch';

/**
 * The CronJob controller (batch/v1beta1, as 1.20's): at each scheduled minute (UTC) creates a Job
 * `<cronjob>-<minutes since epoch>` from jobTemplate, honouring suspend, startingDeadlineSeconds and
 * concurrencyPolicy (Allow / Forbid / Replace); tracks running Jobs in status.active and lastScheduleTime; keeps
 * successfulJobsHistoryLimit (3) and failedJobsHistoryLimit (1) finished Jobs. Event reasons as upstream:
 * SuccessfulCreate, SawCompletedJob, SuccessfulDelete, JobAlreadyActive, MissSchedule, UnexpectedJob, FailedNeedsStart.
 */
export function startCronJobController(ctx: ControllerContext): void {
  const cronJobs = ctx.informer<CronJob>(CRONJOBS);
  const jobs = ctx.informer<Job>(JOBS);
  const events = ctx.events.for('cronjob-controller');
  const queue = ctx.queue('cronjob', sync);

  cronJobs.onChange((e) => queue.add(keyOf(e.object)));
  jobs.onChange((e) => {
    const ref = controllerRef(e.object);
    const cj = ref?.kind === 'CronJob' ? cronJobs.getByUid(ref.uid) : undefined;
    if (cj) queue.add(keyOf(cj));
  });

  async function sync(key: string): Promise<void> {
    const cj = cronJobs.get(key);
    if (!cj || cj.metadata.deletionTimestamp) return;
    const now = ctx.clock.now();
    const ns = cj.metadata.namespace ?? 'default';
    const owned = jobs.ownedBy(cj.metadata.uid ?? '').filter((j) => controllerRef(j)?.uid === cj.metadata.uid);
    const status = { ...(cj.status ?? {}) };
    let active = [...(status.active ?? [])];

    // Reconcile status.active with the Jobs that exist.
    for (const job of owned) {
      const listed = active.some((r) => r.uid === job.metadata.uid);
      if (!listed && !jobFinished(job)) {
        events.event(
          cj,
          'Warning',
          'UnexpectedJob',
          `Saw a job that the controller did not create or forgot: ${job.metadata.name}`,
        );
        active.push(ref(job));
      } else if (listed && jobFinished(job)) {
        const state = job.status?.conditions?.find(
          (c) => c.status === 'True' && (c.type === 'Complete' || c.type === 'Failed'),
        );
        events.event(
          cj,
          'Normal',
          'SawCompletedJob',
          `Saw completed job: ${job.metadata.name}, status: ${state?.type}`,
        );
        active = active.filter((r) => r.uid !== job.metadata.uid);
      }
    }
    active = active.filter((r) => owned.some((j) => j.metadata.uid === r.uid) || jobs.get(`${ns}/${r.name}`));

    await cleanupHistory(cj, owned);

    let schedule;
    try {
      schedule = parseCron(cj.spec.schedule);
    } catch (error) {
      events.event(
        cj,
        'Warning',
        'UnparseableSchedule',
        `unparseable schedule: ${cj.spec.schedule} : ${errorText(error)}`,
      );
      return write(cj, { ...status, active });
    }
    if (!cj.spec.suspend) {
      const from = parseTime(status.lastScheduleTime) ?? parseTime(cj.metadata.creationTimestamp) ?? now;
      let scheduled: number | undefined;
      let missed = 0;
      for (let t = schedule.next(from); t <= now; t = schedule.next(t)) {
        scheduled = t;
        if (++missed > 100) break;
      }
      if (missed > 100)
        events.event(
          cj,
          'Warning',
          'FailedNeedsStart',
          'Cannot determine if job needs to be started: too many missed start times (> 100). Set or decrease .spec.startingDeadlineSeconds or check clock skew.',
        );
      const deadline = cj.spec.startingDeadlineSeconds;
      if (scheduled !== undefined && deadline !== undefined && scheduled + deadline * 1000 < now) {
        events.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc3339(scheduled)}`);
        scheduled = undefined;
      }
      if (scheduled !== undefined) {
        const policy = cj.spec.concurrencyPolicy ?? 'Allow';
        if (policy === 'Forbid' && active.length > 0) {
          events.event(
            cj,
            'Normal',
            'JobAlreadyActive',
            'Not starting job because prior execution is running and concurrency policy is Forbid',
          );
        } else {
          if (policy === 'Replace') {
            for (const r of active) {
              await ctx.store
                .delete(JOBS, ns, r.name ?? '', { uid: r.uid, propagationPolicy: 'Background' })
                .catch(ignoreNotFound);
              events.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${r.name}`);
            }
            active = [];
          }
          const job = await createJob(cj, scheduled);
          if (job) active.push(ref(job));
          status.lastScheduleTime = rfc3339(scheduled);
        }
      }
      const next = schedule.next(now);
      if (Number.isFinite(next)) queue.addAfter(key, next - now + 100);
    }
    await write(cj, { ...status, active });
  }

  async function createJob(cj: CronJob, scheduled: number): Promise<Job | undefined> {
    const name = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
    const meta = cj.spec.jobTemplate.metadata ?? {};
    const job: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        labels: { ...(meta.labels ?? {}) },
        annotations: { ...(meta.annotations ?? {}) },
        ownerReferences: [controllerRefTo(cj, 'batch/v1beta1', 'CronJob')],
      },
      spec: structuredClone(cj.spec.jobTemplate.spec),
    };
    try {
      const created = (await ctx.store.create(JOBS, job)) as Job;
      events.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
      return created;
    } catch (error) {
      if (isReason(error, 'AlreadyExists')) return undefined;
      events.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${errorText(error)}`);
      throw error;
    }
  }

  async function cleanupHistory(cj: CronJob, owned: Job[]): Promise<void> {
    const finished = (type: string) =>
      owned
        .filter((j) => j.status?.conditions?.some((c) => c.type === type && c.status === 'True'))
        .sort((a, b) => (parseTime(a.status?.startTime) ?? 0) - (parseTime(b.status?.startTime) ?? 0));
    const limits: [string, number][] = [
      ['Complete', cj.spec.successfulJobsHistoryLimit ?? 3],
      ['Failed', cj.spec.failedJobsHistoryLimit ?? 1],
    ];
    for (const [type, limit] of limits) {
      const list = finished(type);
      for (const job of list.slice(0, Math.max(0, list.length - limit))) {
        if (job.metadata.deletionTimestamp) continue;
        await ctx.store
          .delete(JOBS, job.metadata.namespace, job.metadata.name ?? '', {
            uid: job.metadata.uid,
            propagationPolicy: 'Background',
          })
          .catch(ignoreNotFound);
        events.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
      }
    }
  }

  async function write(cj: CronJob, status: NonNullable<CronJob['status']>): Promise<void> {
    const next: NonNullable<CronJob['status']> = { ...status };
    if (!next.active?.length) delete next.active;
    const current = cronJobs.get(keyOf(cj));
    if (!current || JSON.stringify(current.status ?? {}) === JSON.stringify(next)) return;
    await ctx.store.updateStatus(CRONJOBS, { ...current, status: next }).catch((error: unknown) => {
      if (!isReason(error, 'NotFound')) throw error;
    });
  }
}

function ref(job: Job): ObjectReference {
  return {
    kind: 'Job',
    namespace: job.metadata.namespace,
    name: job.metadata.name,
    uid: job.metadata.uid,
    apiVersion: 'batch/v1',
    resourceVersion: job.metadata.resourceVersion,
  };
}

function ignoreNotFound(error: unknown): void {
  if (!isReason(error, 'NotFound')) throw error;
}
