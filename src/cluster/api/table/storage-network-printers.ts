/** Rows for volumes, storage classes, ingresses, autoscalers and leases, after upstream's printers.go (release-1.20). */
import type { StoredObject } from '../../store/index.js';
import { fieldsOf, listOf, stringOf } from './cells.js';
import { age } from './human-duration.js';
import { AGE_COLUMN, col, NAME_COLUMN, type TableColumn } from './table-types.js';
import type { JsonObject } from '../../objects/index.js';

const MODES: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX' };

/** `storage.GetAccessModesAsString`: RWO,ROX,RWX in that fixed order. */
export function accessModes(modes: unknown): string {
  const list = (Array.isArray(modes) ? (modes as string[]) : []).filter((m) => MODES[m]);
  return ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany']
    .filter((m) => list.includes(m))
    .map((m) => MODES[m])
    .join(',');
}

function storageClass(obj: StoredObject): string {
  const spec = fieldsOf(obj.spec);
  return (
    stringOf(spec.storageClassName) || stringOf(obj.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'])
  );
}

export const pvColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Capacity', 'string'),
  col('Access Modes', 'string'),
  col('Reclaim Policy', 'string'),
  col('Status', 'string'),
  col('Claim', 'string'),
  col('StorageClass', 'string'),
  col('Reason', 'string'),
  AGE_COLUMN,
  col('VolumeMode', 'string', 1),
];

export function pvRow(pv: StoredObject, now: number): unknown[] {
  const spec = fieldsOf(pv.spec);
  const claim = fieldsOf(spec.claimRef);
  return [
    pv.metadata.name,
    stringOf(fieldsOf(spec.capacity).storage),
    accessModes(spec.accessModes),
    stringOf(spec.persistentVolumeReclaimPolicy),
    stringOf(fieldsOf(pv.status).phase),
    claim.name ? `${stringOf(claim.namespace)}/${stringOf(claim.name)}` : '',
    storageClass(pv),
    stringOf(fieldsOf(pv.status).reason),
    age(pv.metadata.creationTimestamp, now),
    stringOf(spec.volumeMode) || '<unset>',
  ];
}

export const pvcColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Status', 'string'),
  col('Volume', 'string'),
  col('Capacity', 'string'),
  col('Access Modes', 'string'),
  col('StorageClass', 'string'),
  AGE_COLUMN,
  col('VolumeMode', 'string', 1),
];

export function pvcRow(pvc: StoredObject, now: number): unknown[] {
  const spec = fieldsOf(pvc.spec);
  const status = fieldsOf(pvc.status);
  const bound = !!spec.volumeName;
  return [
    pvc.metadata.name,
    pvc.metadata.deletionTimestamp ? 'Terminating' : stringOf(status.phase),
    stringOf(spec.volumeName),
    bound ? stringOf(fieldsOf(status.capacity).storage) : '',
    bound ? accessModes(status.accessModes) : '',
    storageClass(pvc),
    age(pvc.metadata.creationTimestamp, now),
    stringOf(spec.volumeMode) || '<unset>',
  ];
}

export const storageClassColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Provisioner', 'string'),
  col('ReclaimPolicy', 'string'),
  col('VolumeBindingMode', 'string'),
  col('AllowVolumeExpansion', 'string'),
  AGE_COLUMN,
];

export function storageClassRow(sc: StoredObject, now: number): unknown[] {
  const isDefault =
    sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    sc.metadata.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
  const s = sc as JsonObject;
  return [
    isDefault ? `${sc.metadata.name} (default)` : sc.metadata.name,
    stringOf(s.provisioner),
    stringOf(s.reclaimPolicy) || 'Delete',
    stringOf(s.volumeBindingMode) || 'Immediate',
    s.allowVolumeExpansion === true ? 'true' : 'false',
    age(sc.metadata.creationTimestamp, now),
  ];
}

export const ingressColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Class', 'string'),
  col('Hosts', 'string'),
  col('Address', 'string'),
  col('Ports', 'string'),
  AGE_COLUMN,
];

export function ingressRow(ing: StoredObject, now: number): unknown[] {
  const spec = fieldsOf(ing.spec);
  const hosts = listOf(spec.rules).map((r) => stringOf(r.host) || '*');
  const hostText = hosts.length > 4 ? `${hosts.slice(0, 4).join(',')} + ${hosts.length - 4} more...` : hosts.join(',');
  const lb = listOf(fieldsOf(fieldsOf(ing.status).loadBalancer).ingress).map(
    (i) => stringOf(i.ip) || stringOf(i.hostname),
  );
  return [
    ing.metadata.name,
    stringOf(spec.ingressClassName) || '<none>',
    hostText || '*',
    lb.join(','),
    listOf(spec.tls).length ? '80, 443' : '80',
    age(ing.metadata.creationTimestamp, now),
  ];
}

export const ingressClassColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Controller', 'string'),
  col('Parameters', 'string'),
  AGE_COLUMN,
];

export function ingressClassRow(ic: StoredObject, now: number): unknown[] {
  const spec = fieldsOf(ic.spec);
  const p = fieldsOf(spec.parameters);
  return [
    ic.metadata.name,
    stringOf(spec.controller),
    p.kind ? `${stringOf(p.kind)}/${stringOf(p.name)}` : '<none>',
    age(ic.metadata.creationTimestamp, now),
  ];
}

export const hpaColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Reference', 'string'),
  col('Targets', 'string'),
  col('MinPods', 'string'),
  col('MaxPods', 'string'),
  col('Replicas', 'string'),
  AGE_COLUMN,
];

/** autoscaling/v1 objects: one CPU utilization target (80% when unset, as the v1->internal conversion does). */
export function hpaRow(hpa: StoredObject, now: number): unknown[] {
  const spec = fieldsOf(hpa.spec);
  const status = fieldsOf(hpa.status);
  const ref = fieldsOf(spec.scaleTargetRef);
  const target = typeof spec.targetCPUUtilizationPercentage === 'number' ? spec.targetCPUUtilizationPercentage : 80;
  const current =
    typeof status.currentCPUUtilizationPercentage === 'number'
      ? `${status.currentCPUUtilizationPercentage}%`
      : '<unknown>';
  return [
    hpa.metadata.name,
    `${stringOf(ref.kind)}/${stringOf(ref.name)}`,
    `${current}/${target}%`,
    typeof spec.minReplicas === 'number' ? spec.minReplicas : '<unset>',
    typeof spec.maxReplicas === 'number' ? spec.maxReplicas : 0,
    typeof status.currentReplicas === 'number' ? status.currentReplicas : 0,
    age(hpa.metadata.creationTimestamp, now),
  ];
}

export const leaseColumns: TableColumn[] = [
  { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
  { name: 'Holder', type: 'string', format: '', description: 'The holder of the lease', priority: 0 },
  { name: 'Age', type: 'string', format: '', description: '', priority: 0 },
];

export const leaseRow = (lease: StoredObject, now: number): unknown[] => [
  lease.metadata.name,
  ((lease.spec as JsonObject | undefined)?.holderIdentity as string | undefined) ?? '<unknown>',
  age(lease.metadata.creationTimestamp, now),
];
