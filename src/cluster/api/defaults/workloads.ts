/** Defaults for apps/v1 and batch workloads (pkg/apis/apps/v1/defaults.go, batch/v1/defaults.go). */
import { defaultPodSpec } from './pod-spec.js';
import type { JsonObject } from '../../objects/index.js';

const obj = (v: unknown): JsonObject | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;

/** Pod templates carry `creationTimestamp: null` in their metadata on a real server (an empty metav1.Time). */
export function defaultTemplate(template: unknown): void {
  const t = obj(template);
  if (!t) return;
  const meta = (t.metadata = obj(t.metadata) ?? {});
  if (!('creationTimestamp' in meta)) meta.creationTimestamp = null;
  const spec = obj(t.spec);
  if (spec) defaultPodSpec(spec);
}

export function defaultDeployment(d: JsonObject): void {
  const spec = (d.spec = obj(d.spec) ?? {});
  spec.replicas ??= 1;
  const strategy = (spec.strategy = obj(spec.strategy) ?? {});
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate = obj(strategy.rollingUpdate) ?? {});
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultTemplate(spec.template);
}

export function defaultReplicaSet(rs: JsonObject): void {
  const spec = (rs.spec = obj(rs.spec) ?? {});
  spec.replicas ??= 1;
  defaultTemplate(spec.template);
}

export function defaultDaemonSet(ds: JsonObject): void {
  const spec = (ds.spec = obj(ds.spec) ?? {});
  const strategy = (spec.updateStrategy = obj(spec.updateStrategy) ?? {});
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate = obj(strategy.rollingUpdate) ?? {});
    ru.maxUnavailable ??= 1;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec.template);
}

export function defaultStatefulSet(ss: JsonObject): void {
  const spec = (ss.spec = obj(ss.spec) ?? {});
  spec.replicas ??= 1;
  spec.podManagementPolicy ??= 'OrderedReady';
  const strategy = (spec.updateStrategy = obj(spec.updateStrategy) ?? {});
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate = obj(strategy.rollingUpdate) ?? {});
    ru.partition ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec.template);
}

export function defaultJobSpec(spec: JsonObject): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= 6;
  defaultTemplate(spec.template);
}

export function defaultJob(job: JsonObject, uid: string | undefined): void {
  const spec = (job.spec = obj(job.spec) ?? {});
  defaultJobSpec(spec);
  // The job strategy generates a unique selector (controller-uid) unless manualSelector is set.
  if (spec.manualSelector !== true && uid) {
    const name = String(obj(job.metadata)?.name ?? '');
    spec.selector ??= { matchLabels: { 'controller-uid': uid } };
    const tmeta = (obj(spec.template) ?? {}).metadata as JsonObject | undefined;
    if (tmeta) tmeta.labels = { ...(obj(tmeta.labels) ?? {}), 'controller-uid': uid, 'job-name': name };
  }
}

export function defaultCronJob(cj: JsonObject): void {
  const spec = (cj.spec = obj(cj.spec) ?? {});
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jt = obj(spec.jobTemplate);
  const jspec = obj(jt?.spec);
  if (jspec) {
    // CronJob job templates are not defaulted for completions/parallelism in 1.20, only the pod template.
    defaultTemplate(jspec.template);
  }
}
