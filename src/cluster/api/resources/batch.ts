/** batch/v1 jobs and batch/v1beta1 cronjobs (cronjobs reached batch/v1 only in 1.21). */
import { defaultCronJob, defaultJob } from '../defaults/workloads.js';
import type { ResourceDef } from '../resource-types.js';
import { cronJobColumns, cronJobRow, jobColumns, jobRow } from '../table/workload-printers.js';
import { validateCronJob, validateJob } from '../validation/workloads.js';
import { CRUD, resetStatus, statusSubresource } from './verbs.js';

type Any = Record<string, unknown>;

export const jobs: ResourceDef = {
  group: 'batch',
  version: 'v1',
  resource: 'jobs',
  kind: 'Job',
  singular: 'job',
  namespaced: true,
  categories: ['all'],
  verbs: CRUD,
  subresources: [statusSubresource('Job')],
  statusSubresource: true,
  generation: true,
  columns: jobColumns,
  row: jobRow,
  prepareForCreate: resetStatus,
  // The default selector is `controller-uid=<uid>`: the registry assigns the uid before defaulting.
  defaults: (obj) => defaultJob(obj as Any, obj.metadata.uid),
  validate: (obj, ctx) => validateJob(obj, ctx.old),
};

export const cronjobs: ResourceDef = {
  group: 'batch',
  version: 'v1beta1',
  resource: 'cronjobs',
  kind: 'CronJob',
  singular: 'cronjob',
  namespaced: true,
  shortNames: ['cj'],
  categories: ['all'],
  verbs: CRUD,
  subresources: [statusSubresource('CronJob')],
  statusSubresource: true,
  generation: true,
  columns: cronJobColumns,
  row: cronJobRow,
  prepareForCreate: resetStatus,
  defaults: (obj) => defaultCronJob(obj as Any),
  validate: (obj) => validateCronJob(obj),
};
