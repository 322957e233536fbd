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
import { CRUD, resetStatus, scaleAndStatus, statusSubresource } from './verbs.js';

type Any = Record<string, unknown>;

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

export const daemonsets: ResourceDef = {
  group: 'apps',
  version: 'v1',
  resource: 'daemonsets',
  kind: 'DaemonSet',
  singular: 'daemonset',
  namespaced: true,
  shortNames: ['ds'],
  categories: ['all'],
  verbs: CRUD,
  subresources: [statusSubresource('DaemonSet')],
  statusSubresource: true,
  generation: true,
  columns: daemonSetColumns,
  row: daemonSetRow,
  prepareForCreate: resetStatus,
  defaults: (obj) => defaultDaemonSet(obj as Any),
  validate: (obj, ctx) => validateDaemonSet(obj, ctx.old),
};

export const deployments: ResourceDef = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  kind: 'Deployment',
  singular: 'deployment',
  namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  verbs: CRUD,
  subresources: scaleAndStatus('Deployment'),
  statusSubresource: true,
  generation: true,
  columns: deploymentColumns,
  row: deploymentRow,
  prepareForCreate: resetStatus,
  defaults: (obj) => defaultDeployment(obj as Any),
  validate: (obj, ctx) => validateDeployment(obj, ctx.old),
};

export const replicasets: ResourceDef = {
  group: 'apps',
  version: 'v1',
  resource: 'replicasets',
  kind: 'ReplicaSet',
  singular: 'replicaset',
  namespaced: true,
  shortNames: ['rs'],
  categories: ['all'],
  verbs: CRUD,
  subresources: scaleAndStatus('ReplicaSet'),
  statusSubresource: true,
  generation: true,
  columns: replicaSetColumns,
  row: replicaSetRow,
  prepareForCreate: resetStatus,
  defaults: (obj) => defaultReplicaSet(obj as Any),
  validate: (obj, ctx) => validateReplicaSet(obj, ctx.old),
};

export const statefulsets: ResourceDef = {
  group: 'apps',
  version: 'v1',
  resource: 'statefulsets',
  kind: 'StatefulSet',
  singular: 'statefulset',
  namespaced: true,
  shortNames: ['sts'],
  categories: ['all'],
  verbs: CRUD,
  subresources: scaleAndStatus('StatefulSet'),
  statusSubresource: true,
  generation: true,
  columns: statefulSetColumns,
  row: statefulSetRow,
  prepareForCreate: resetStatus,
  defaults: (obj) => defaultStatefulSet(obj as Any),
  validate: (obj, ctx) => validateStatefulSet(obj, ctx.old),
};
