/**
 * Row cells for the apps/batch workloads, after upstream's printers.go (release-1.20): the default columns, then the
 * `-o wide` ones (priority 1). Values are printed by kubectl verbatim.
 */
import type { StoredObject } from '../../store/index.js';
import { fieldsOf, numberOf } from './cells.js';
import { age } from './human-duration.js';
import { AGE_COLUMN, col, NAME_COLUMN, type TableColumn } from './table-types.js';
import type { JsonObject } from '../../objects/index.js';

export function podTemplateContainers(template: unknown): { names: string; images: string } {
  const containers = (fieldsOf(fieldsOf(template).spec).containers as JsonObject[] | undefined) ?? [];
  return {
    names: containers.map((c) => String(c.name ?? '')).join(','),
    images: containers.map((c) => String(c.image ?? '')).join(','),
  };
}

/** `metav1.FormatLabelSelector`: `app=web,tier in (a,b)`; `<none>` for empty. */
export function formatLabelSelector(sel: unknown): string {
  const s = fieldsOf(sel);
  const parts: string[] = [];
  const ml = fieldsOf(s.matchLabels);
  for (const k of Object.keys(ml).sort()) parts.push(`${k}=${String(ml[k])}`);
  for (const e of (s.matchExpressions as JsonObject[] | undefined) ?? []) {
    const key = String(e.key);
    const values = ((e.values as string[] | undefined) ?? []).join(',');
    switch (e.operator) {
      case 'In':
        parts.push(`${key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(key);
        break;
      case 'DoesNotExist':
        parts.push(`!${key}`);
        break;
    }
  }
  const text = parts.join(',');
  return text === '' ? '<none>' : text;
}

const wide = (): TableColumn[] => [
  col('Containers', 'string', 1),
  col('Images', 'string', 1),
  col('Selector', 'string', 1),
];

export const deploymentColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Ready', 'string', 0, 'Number of the pod with ready state'),
  col(
    'Up-to-date',
    'string',
    0,
    'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
  ),
  col(
    'Available',
    'string',
    0,
    'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
  ),
  AGE_COLUMN,
  ...wide(),
];

export function deploymentRow(d: StoredObject, now: number): unknown[] {
  const spec = fieldsOf(d.spec);
  const status = fieldsOf(d.status);
  const c = podTemplateContainers(spec.template);
  return [
    d.metadata.name,
    `${numberOf(status.readyReplicas)}/${numberOf(spec.replicas)}`,
    numberOf(status.updatedReplicas),
    numberOf(status.availableReplicas),
    age(d.metadata.creationTimestamp, now),
    c.names,
    c.images,
    formatLabelSelector(spec.selector),
  ];
}

export const replicaSetColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Desired', 'integer', 0, 'Replicas is the number of desired replicas.'),
  col('Current', 'integer', 0, 'Replicas is the most recently oberved number of replicas.'),
  col('Ready', 'integer', 0, 'The number of ready replicas for this replica set.'),
  AGE_COLUMN,
  ...wide(),
];

export function replicaSetRow(rs: StoredObject, now: number): unknown[] {
  const spec = fieldsOf(rs.spec);
  const status = fieldsOf(rs.status);
  const c = podTemplateContainers(spec.template);
  return [
    rs.metadata.name,
    numberOf(spec.replicas),
    numberOf(status.replicas),
    numberOf(status.readyReplicas),
    age(rs.metadata.creationTimestamp, now),
    c.names,
    c.images,
    formatLabelSelector(spec.selector),
  ];
}

export const daemonSetColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Desired', 'integer'),
  col('Current', 'integer'),
  col('Ready', 'integer'),
  col('Up-to-date', 'integer'),
  col('Available', 'integer'),
  col('Node Selector', 'string'),
  AGE_COLUMN,
  ...wide(),
];

export function daemonSetRow(ds: StoredObject, now: number): unknown[] {
  const spec = fieldsOf(ds.spec);
  const status = fieldsOf(ds.status);
  const c = podTemplateContainers(spec.template);
  const sel = fieldsOf(fieldsOf(fieldsOf(spec.template).spec).nodeSelector);
  const keys = Object.keys(sel).sort();
  return [
    ds.metadata.name,
    numberOf(status.desiredNumberScheduled),
    numberOf(status.currentNumberScheduled),
    numberOf(status.numberReady),
    numberOf(status.updatedNumberScheduled),
    numberOf(status.numberAvailable),
    keys.length ? keys.map((k) => `${k}=${String(sel[k])}`).join(',') : '<none>',
    age(ds.metadata.creationTimestamp, now),
    c.names,
    c.images,
    formatLabelSelector(spec.selector),
  ];
}

export const statefulSetColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Ready', 'string', 0, 'Number of the pod with ready state'),
  AGE_COLUMN,
  col('Containers', 'string', 1),
  col('Images', 'string', 1),
];

export function statefulSetRow(ss: StoredObject, now: number): unknown[] {
  const spec = fieldsOf(ss.spec);
  const status = fieldsOf(ss.status);
  const c = podTemplateContainers(spec.template);
  return [
    ss.metadata.name,
    `${numberOf(status.readyReplicas)}/${numberOf(spec.replicas)}`,
    age(ss.metadata.creationTimestamp, now),
    c.names,
    c.images,
  ];
}

export const jobColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Completions', 'string', 0, 'The desired number of successfully finished pods the job should be run with.'),
  col('Duration', 'string', 0, 'Time required to complete the job.'),
  AGE_COLUMN,
  ...wide(),
];

export function jobRow(job: StoredObject, now: number): unknown[] {
  const spec = fieldsOf(job.spec);
  const status = fieldsOf(job.status);
  const c = podTemplateContainers(spec.template);
  const completions =
    spec.completions !== undefined && spec.completions !== null
      ? `${numberOf(status.succeeded)}/${numberOf(spec.completions)}`
      : `${numberOf(status.succeeded)}/1 of ${numberOf(spec.parallelism) || 1}`;
  let duration = '';
  const start = typeof status.startTime === 'string' ? Date.parse(status.startTime) : NaN;
  if (!Number.isNaN(start)) {
    const end = typeof status.completionTime === 'string' ? Date.parse(status.completionTime) : now;
    duration = age(new Date(start).toISOString(), end);
  }
  return [
    job.metadata.name,
    completions,
    duration,
    age(job.metadata.creationTimestamp, now),
    c.names,
    c.images,
    formatLabelSelector(spec.selector),
  ];
}

export const cronJobColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Schedule', 'string'),
  col('Suspend', 'boolean'),
  col('Active', 'integer'),
  col('Last Schedule', 'string'),
  AGE_COLUMN,
  ...wide(),
];

export function cronJobRow(cj: StoredObject, now: number): unknown[] {
  const spec = fieldsOf(cj.spec);
  const status = fieldsOf(cj.status);
  const template = fieldsOf(fieldsOf(spec.jobTemplate).spec);
  const c = podTemplateContainers(template.template);
  const last = typeof status.lastScheduleTime === 'string' ? age(status.lastScheduleTime, now) : '<none>';
  return [
    cj.metadata.name,
    spec.schedule,
    spec.suspend === true ? 'True' : 'False',
    ((status.active as unknown[] | undefined) ?? []).length,
    last,
    age(cj.metadata.creationTimestamp, now),
    c.names,
    c.images,
    formatLabelSelector(template.selector),
  ];
}

export const controllerRevisionColumns: TableColumn[] = [
  { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
  { name: 'Controller', type: 'string', format: '', description: '', priority: 0 },
  { name: 'Revision', type: 'integer', format: '', description: '', priority: 0 },
  { name: 'Age', type: 'string', format: '', description: '', priority: 0 },
];

/** CONTROLLER is `<kind>.<group>/<name>` of the owning controller (`statefulset.apps/web`). */
export function controllerRevisionRow(rev: StoredObject, now: number): unknown[] {
  const owner = rev.metadata.ownerReferences?.find((r) => r.controller);
  return [
    rev.metadata.name,
    owner ? `${owner.kind.toLowerCase()}.${owner.apiVersion.split('/')[0]}/${owner.name}` : '<none>',
    (rev as JsonObject).revision ?? 0,
    age(rev.metadata.creationTimestamp, now),
  ];
}
