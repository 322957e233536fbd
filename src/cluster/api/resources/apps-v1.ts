/** apps/v1: the workload controllers' objects and the controller revisions that record their history. */
import { defaultDaemonSet, defaultDeployment, defaultReplicaSet, defaultStatefulSet } from '../defaults/workloads.js';
import type { ResourceDef } from '../resource-types.js';
import {
  controllerRevisionColumns,
  controllerRevisionRow,
  daemonSetColumns,
  daemonSetRow,
  deploymentColumns,
  deploymentRow,
  replicaSetColumns,
  replicaSetRow,
  statefulSetColumns,
  statefulSetRow,
} from '../table/workload-printers.js';
import {
  validateDaemonSet,
  validateDeployment,
  validateReplicaSet,
  validateStatefulSet,
} from '../validation/workloads.js';
import { CRUD, scaleAndStatus, statusSubresource } from './verbs.js';
import { workloadResource } from './workload.js';
import type { JsonObject } from '../../objects/index.js';

export const controllerrevisions: ResourceDef = {
  group: 'apps',
  version: 'v1',
  resource: 'controllerrevisions',
  kind: 'ControllerRevision',
  singular: 'controllerrevision',
  namespaced: true,
  verbs: CRUD,
  columns: controllerRevisionColumns,
  row: controllerRevisionRow,
};

export const daemonsets = workloadResource({
  group: 'apps',
  version: 'v1',
  resource: 'daemonsets',
  kind: 'DaemonSet',
  shortNames: ['ds'],
  subresources: [statusSubresource('DaemonSet')],
  columns: daemonSetColumns,
  row: daemonSetRow,
  defaults: (obj) => defaultDaemonSet(obj as JsonObject),
  validate: (obj, ctx) => validateDaemonSet(obj, ctx.old),
});

export const deployments = workloadResource({
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  kind: 'Deployment',
  shortNames: ['deploy'],
  subresources: scaleAndStatus('Deployment'),
  columns: deploymentColumns,
  row: deploymentRow,
  defaults: (obj) => defaultDeployment(obj as JsonObject),
  validate: (obj, ctx) => validateDeployment(obj, ctx.old),
});

export const replicasets = workloadResource({
  group: 'apps',
  version: 'v1',
  resource: 'replicasets',
  kind: 'ReplicaSet',
  shortNames: ['rs'],
  subresources: scaleAndStatus('ReplicaSet'),
  columns: replicaSetColumns,
  row: replicaSetRow,
  defaults: (obj) => defaultReplicaSet(obj as JsonObject),
  validate: (obj, ctx) => validateReplicaSet(obj, ctx.old),
});

export const statefulsets = workloadResource({
  group: 'apps',
  version: 'v1',
  resource: 'statefulsets',
  kind: 'StatefulSet',
  shortNames: ['sts'],
  subresources: scaleAndStatus('StatefulSet'),
  columns: statefulSetColumns,
  row: statefulSetRow,
  defaults: (obj) => defaultStatefulSet(obj as JsonObject),
  validate: (obj, ctx) => validateStatefulSet(obj, ctx.old),
});
