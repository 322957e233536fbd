/** batch/v1 jobs and batch/v1beta1 cronjobs (cronjobs reached batch/v1 only in 1.21). */
import { defaultCronJob, defaultJob } from '../defaults/workloads.js';
import { cronJobColumns, cronJobRow, jobColumns, jobRow } from '../table/workload-printers.js';
import { validateCronJob, validateJob } from '../validation/workloads.js';
import { statusSubresource } from './verbs.js';
import { workloadResource } from './workload.js';
import type { JsonObject } from '../../objects/index.js';

export const jobs = workloadResource({
  group: 'batch',
  version: 'v1',
  resource: 'jobs',
  kind: 'Job',
  subresources: [statusSubresource('Job')],
  columns: jobColumns,
  row: jobRow,
  // The default selector is `controller-uid=<uid>`: the registry assigns the uid before defaulting.
  defaults: (obj) => defaultJob(obj as JsonObject, obj.metadata.uid),
  validate: (obj, ctx) => validateJob(obj, ctx.old),
});

export const cronjobs = workloadResource({
  group: 'batch',
  version: 'v1beta1',
  resource: 'cronjobs',
  kind: 'CronJob',
  shortNames: ['cj'],
  subresources: [statusSubresource('CronJob')],
  columns: cronJobColumns,
  row: cronJobRow,
  defaults: (obj) => defaultCronJob(obj as JsonObject),
  validate: (obj) => validateCronJob(obj),
});
