/** batch/v1 Job and batch/v1beta1 CronJob: what their controllers read and write. */
import type { Condition, KubeObject, LabelSelector, ObjectMeta, ObjectReference } from './meta.js';
import type { PodTemplateSpec } from './pod.js';

export interface Job extends KubeObject {
  spec: {
    parallelism?: number;
    completions?: number;
    backoffLimit?: number;
    activeDeadlineSeconds?: number;
    selector?: LabelSelector;
    template: PodTemplateSpec;
    suspend?: boolean;
  };
  status?: {
    active?: number;
    succeeded?: number;
    failed?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: Condition[];
  };
}

export interface CronJob extends KubeObject {
  spec: {
    schedule: string;
    startingDeadlineSeconds?: number;
    concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
    suspend?: boolean;
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    jobTemplate: { metadata?: ObjectMeta; spec: Job['spec'] };
  };
  /** `active`: the Jobs it started that still run. */
  status?: { active?: ObjectReference[]; lastScheduleTime?: string };
}
