/**
 * Row cells for the smaller core/v1 tables (namespaces, configmaps, secrets, serviceaccounts, events, limit ranges,
 * resource quotas), after upstream's printers.go (release-1.20). Pods, nodes and services have their own files.
 */
import type { StoredObject } from '../../store/index.js';
import { fieldsOf, listOf, numberOf, stringOf } from './cells.js';
import { age } from './human-duration.js';
import { AGE_COLUMN, col, NAME_COLUMN, type TableColumn } from './table-types.js';

export const namespaceColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Status', 'string', 0, 'The status of the namespace'),
  AGE_COLUMN,
];

export const namespaceRow = (ns: StoredObject, now: number): unknown[] => [
  ns.metadata.name,
  stringOf(fieldsOf(ns.status).phase),
  age(ns.metadata.creationTimestamp, now),
];

export const configMapColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Data', 'string', 0, 'Data contains the configuration data.'),
  AGE_COLUMN,
];

export const configMapRow = (cm: StoredObject, now: number): unknown[] => [
  cm.metadata.name,
  Object.keys(fieldsOf(cm.data)).length + Object.keys(fieldsOf(cm.binaryData)).length,
  age(cm.metadata.creationTimestamp, now),
];

export const secretColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Type', 'string', 0, 'The type of the secret'),
  col('Data', 'string', 0, 'The number of entries in the secret'),
  AGE_COLUMN,
];

export const secretRow = (s: StoredObject, now: number): unknown[] => [
  s.metadata.name,
  stringOf(s.type),
  Object.keys(fieldsOf(s.data)).length,
  age(s.metadata.creationTimestamp, now),
];

export const serviceAccountColumns: TableColumn[] = [
  NAME_COLUMN,
  col(
    'Secrets',
    'string',
    0,
    'Secrets is the list of secrets allowed to be used by pods running using this ServiceAccount.',
  ),
  AGE_COLUMN,
];

export const serviceAccountRow = (sa: StoredObject, now: number): unknown[] => [
  sa.metadata.name,
  listOf(sa.secrets).length,
  age(sa.metadata.creationTimestamp, now),
];

export const eventColumns: TableColumn[] = [
  col('Last Seen', 'string'),
  col('Type', 'string'),
  col('Reason', 'string'),
  col('Object', 'string'),
  col('Subobject', 'string', 1),
  col('Source', 'string', 1),
  col('Message', 'string'),
  col('First Seen', 'string', 1),
  col('Count', 'string', 1),
  { ...NAME_COLUMN, priority: 1 },
];

export function eventRow(ev: StoredObject, now: number): unknown[] {
  const inv = fieldsOf(ev.involvedObject);
  const source = fieldsOf(ev.source);
  const first = stringOf(ev.firstTimestamp)
    ? age(stringOf(ev.firstTimestamp), now)
    : age(stringOf(ev.eventTime) || undefined, now);
  const last = stringOf(ev.lastTimestamp) ? age(stringOf(ev.lastTimestamp), now) : first;
  const target = stringOf(inv.name)
    ? `${stringOf(inv.kind).toLowerCase()}/${stringOf(inv.name)}`
    : stringOf(inv.kind).toLowerCase();
  const sourceText = stringOf(source.host)
    ? `${stringOf(source.component)}, ${stringOf(source.host)}`
    : stringOf(source.component);
  // The server always renders the wide cells; kubectl hides priority-1 columns itself.
  return [
    last,
    stringOf(ev.type),
    stringOf(ev.reason),
    target,
    stringOf(inv.fieldPath),
    sourceText,
    stringOf(ev.message).trim(),
    first,
    numberOf(ev.count),
    ev.metadata.name,
  ];
}

export const limitRangeColumns: TableColumn[] = [
  NAME_COLUMN,
  col(
    'Created At',
    'date',
    0,
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
  ),
];

/** LimitRanges print their creation time, not an age (upstream printLimitRange). */
export const limitRangeRow = (lr: StoredObject): unknown[] => [lr.metadata.name, lr.metadata.creationTimestamp];

export const resourceQuotaColumns: TableColumn[] = [
  NAME_COLUMN,
  AGE_COLUMN,
  col('Request', 'string', 0, 'Request represents a minimum amount of cpu/memory that a container may consume.'),
  col(
    'Limit',
    'string',
    0,
    'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
  ),
];

/** `used/hard` per resource in the status (sorted by name); `limits.*` resources go to the LIMIT column. */
export function resourceQuotaRow(quota: StoredObject, now: number): unknown[] {
  const status = fieldsOf(quota.status);
  const hard = fieldsOf(status.hard);
  const used = fieldsOf(status.used);
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const cell = `${name}: ${String(used[name] ?? '0')}/${String(hard[name])}`;
    (name.startsWith('limits.') ? limit : request).push(cell);
  }
  return [quota.metadata.name, age(quota.metadata.creationTimestamp, now), request.join(', '), limit.join(', ')];
}
