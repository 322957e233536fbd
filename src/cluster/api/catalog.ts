/**
 * The resources Wharf serves, in upstream discovery order (alphabetical within a group version), with their
 * discovery facts (short names, categories, verbs, subresources), table printers and strategies.
 */
import type { KubeObject } from '../store/index.js';
import { admitPod, defaultPodSpec, qosClass } from './defaults/pod-spec.js';
import { defaultService } from './defaults/service.js';
import {
  defaultCronJob,
  defaultDaemonSet,
  defaultDeployment,
  defaultJob,
  defaultReplicaSet,
  defaultStatefulSet,
} from './defaults/workloads.js';
import type { ResourceDef } from './resource-types.js';
import * as core from './table/core-printers.js';
import * as sn from './table/storage-network-printers.js';
import * as wl from './table/workload-printers.js';
import { validateIngress, validatePersistentVolumeClaim } from './validation/storage-network.js';
import { validatePodSpec } from './validation/pod.js';
import { validateService } from './validation/service.js';
import {
  validateCronJob,
  validateDaemonSet,
  validateDeployment,
  validateJob,
  validateReplicaSet,
  validateStatefulSet,
} from './validation/workloads.js';

type Any = Record<string, unknown>;

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS_VERBS = ['get', 'patch', 'update'];
const scale = (group: string): ResourceDef['subresources'] => [
  { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: STATUS_VERBS },
  { name: 'status', kind: group, verbs: STATUS_VERBS },
];

const resetStatus = (obj: KubeObject): void => {
  delete obj.status;
};

export const CATALOG: ResourceDef[] = [
  // ---- core/v1 (alphabetical like the real /api/v1) ----
  {
    group: '',
    version: 'v1',
    resource: 'bindings',
    kind: 'Binding',
    singular: 'binding',
    namespaced: true,
    verbs: ['create'],
    columns: [],
    row: () => [],
  },
  {
    group: '',
    version: 'v1',
    resource: 'configmaps',
    kind: 'ConfigMap',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
    verbs: CRUD,
    columns: core.configMapColumns,
    row: core.configMapRow,
  },
  {
    group: '',
    version: 'v1',
    resource: 'endpoints',
    kind: 'Endpoints',
    singular: 'endpoints',
    namespaced: true,
    shortNames: ['ep'],
    verbs: CRUD,
    columns: core.endpointsColumns,
    row: core.endpointsRow,
  },
  {
    group: '',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    verbs: CRUD,
    fieldSelectors: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
    columns: core.eventColumns,
    row: core.eventRow,
  },
  {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [
      { name: 'finalize', kind: 'Namespace', verbs: ['update'] },
      { name: 'status', kind: 'Namespace', verbs: STATUS_VERBS },
    ],
    statusSubresource: true,
    nameRule: 'label',
    fieldSelectors: ['status.phase'],
    columns: core.namespaceColumns,
    row: core.namespaceRow,
    defaults(obj) {
      const spec = ((obj as Any).spec ??= {}) as Any;
      spec.finalizers ??= ['kubernetes'];
      const status = ((obj as Any).status ??= {}) as Any;
      status.phase ??= 'Active';
    },
    prepareForCreate(obj) {
      (obj as Any).status = { phase: 'Active' };
    },
  },
  {
    group: '',
    version: 'v1',
    resource: 'nodes',
    kind: 'Node',
    singular: 'node',
    namespaced: false,
    shortNames: ['no'],
    verbs: CRUD,
    subresources: [{ name: 'status', kind: 'Node', verbs: STATUS_VERBS }],
    statusSubresource: true,
    fieldSelectors: ['spec.unschedulable'],
    columns: core.nodeColumns,
    row: core.nodeRow,
  },
  {
    group: '',
    version: 'v1',
    resource: 'persistentvolumeclaims',
    kind: 'PersistentVolumeClaim',
    singular: 'persistentvolumeclaim',
    namespaced: true,
    shortNames: ['pvc'],
    verbs: CRUD,
    subresources: [{ name: 'status', kind: 'PersistentVolumeClaim', verbs: STATUS_VERBS }],
    statusSubresource: true,
    columns: sn.pvcColumns,
    row: sn.pvcRow,
    prepareForCreate(obj) {
      (obj as Any).status = { phase: 'Pending' };
    },
    defaults(obj) {
      const spec = ((obj as Any).spec ??= {}) as Any;
      spec.volumeMode ??= 'Filesystem';
    },
    validate: (obj, ctx) => validatePersistentVolumeClaim(obj, ctx.old),
  },
  {
    group: '',
    version: 'v1',
    resource: 'persistentvolumes',
    kind: 'PersistentVolume',
    singular: 'persistentvolume',
    namespaced: false,
    shortNames: ['pv'],
    verbs: CRUD,
    subresources: [{ name: 'status', kind: 'PersistentVolume', verbs: STATUS_VERBS }],
    statusSubresource: true,
    columns: sn.pvColumns,
    row: sn.pvRow,
    prepareForCreate(obj) {
      (obj as Any).status = { phase: 'Pending' };
    },
    defaults(obj) {
      const spec = ((obj as Any).spec ??= {}) as Any;
      spec.persistentVolumeReclaimPolicy ??= 'Retain';
      spec.volumeMode ??= 'Filesystem';
    },
  },
  {
    group: '',
    version: 'v1',
    resource: 'pods',
    kind: 'Pod',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    verbs: CRUD,
    subresources: [
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1beta1', verbs: ['create'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      { name: 'proxy', kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
      { name: 'status', kind: 'Pod', verbs: STATUS_VERBS },
    ],
    statusSubresource: true,
    fieldSelectors: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ],
    columns: core.podColumns,
    row: core.podRow,
    prepareForCreate(obj) {
      const spec = ((obj as Any).spec ?? {}) as Any;
      admitPod(spec);
      (obj as Any).status = { phase: 'Pending', qosClass: qosClass(spec) };
    },
    defaults(obj) {
      const spec = (obj as Any).spec as Any | undefined;
      if (spec && typeof spec === 'object') defaultPodSpec(spec);
    },
    validate(obj) {
      return validatePodSpec((obj as Any).spec as Any | undefined, 'spec');
    },
  },
  {
    group: '',
    version: 'v1',
    resource: 'secrets',
    kind: 'Secret',
    singular: 'secret',
    namespaced: true,
    verbs: CRUD,
    fieldSelectors: ['type'],
    columns: core.secretColumns,
    row: core.secretRow,
    defaults(obj) {
      (obj as Any).type ??= 'Opaque';
    },
  },
  {
    group: '',
    version: 'v1',
    resource: 'serviceaccounts',
    kind: 'ServiceAccount',
    singular: 'serviceaccount',
    namespaced: true,
    shortNames: ['sa'],
    verbs: CRUD,
    columns: core.serviceAccountColumns,
    row: core.serviceAccountRow,
  },
  {
    group: '',
    version: 'v1',
    resource: 'services',
    kind: 'Service',
    singular: 'service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [
      { name: 'proxy', kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
      { name: 'status', kind: 'Service', verbs: STATUS_VERBS },
    ],
    statusSubresource: true,
    nameRule: 'dns1035',
    columns: core.serviceColumns,
    row: core.serviceRow,
    prepareForCreate(obj) {
      (obj as Any).status = { loadBalancer: {} };
    },
    defaults: (obj, ctx) => defaultService(obj as Any, ctx),
    validate: (obj, ctx) => validateService(obj, ctx),
  },
  // ---- apps/v1 ----
  {
    group: 'apps',
    version: 'v1',
    resource: 'controllerrevisions',
    kind: 'ControllerRevision',
    singular: 'controllerrevision',
    namespaced: true,
    verbs: CRUD,
    columns: [
      { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
      { name: 'Controller', type: 'string', format: '', description: '', priority: 0 },
      { name: 'Revision', type: 'integer', format: '', description: '', priority: 0 },
      { name: 'Age', type: 'string', format: '', description: '', priority: 0 },
    ],
    row: (o, now) => {
      const owner = o.metadata.ownerReferences?.find((r) => r.controller);
      return [
        o.metadata.name,
        owner ? `${owner.kind.toLowerCase()}.${owner.apiVersion.split('/')[0]}/${owner.name}` : '<none>',
        (o as Any).revision ?? 0,
        core.namespaceRow(o, now)[2],
      ];
    },
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'daemonsets',
    kind: 'DaemonSet',
    singular: 'daemonset',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    verbs: CRUD,
    subresources: [{ name: 'status', kind: 'DaemonSet', verbs: STATUS_VERBS }],
    statusSubresource: true,
    generation: true,
    columns: wl.daemonSetColumns,
    row: wl.daemonSetRow,
    prepareForCreate: resetStatus,
    defaults: (obj) => defaultDaemonSet(obj as Any),
    validate: (obj, ctx) => validateDaemonSet(obj, ctx.old),
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    kind: 'Deployment',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    verbs: CRUD,
    subresources: scale('Deployment'),
    statusSubresource: true,
    generation: true,
    columns: wl.deploymentColumns,
    row: wl.deploymentRow,
    prepareForCreate: resetStatus,
    defaults: (obj) => defaultDeployment(obj as Any),
    validate: (obj, ctx) => validateDeployment(obj, ctx.old),
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    singular: 'replicaset',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    verbs: CRUD,
    subresources: scale('ReplicaSet'),
    statusSubresource: true,
    generation: true,
    columns: wl.replicaSetColumns,
    row: wl.replicaSetRow,
    prepareForCreate: resetStatus,
    defaults: (obj) => defaultReplicaSet(obj as Any),
    validate: (obj, ctx) => validateReplicaSet(obj, ctx.old),
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'statefulsets',
    kind: 'StatefulSet',
    singular: 'statefulset',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    verbs: CRUD,
    subresources: scale('StatefulSet'),
    statusSubresource: true,
    generation: true,
    columns: wl.statefulSetColumns,
    row: wl.statefulSetRow,
    prepareForCreate: resetStatus,
    defaults: (obj) => defaultStatefulSet(obj as Any),
    validate: (obj, ctx) => validateStatefulSet(obj, ctx.old),
  },
  // ---- autoscaling/v1: served (kubectl autoscale); nothing scales without a metrics server, as on a bare cluster ----
  {
    group: 'autoscaling',
    version: 'v1',
    resource: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    singular: 'horizontalpodautoscaler',
    namespaced: true,
    shortNames: ['hpa'],
    categories: ['all'],
    verbs: CRUD,
    subresources: [{ name: 'status', kind: 'HorizontalPodAutoscaler', verbs: STATUS_VERBS }],
    statusSubresource: true,
    columns: sn.hpaColumns,
    row: sn.hpaRow,
    prepareForCreate(obj) {
      (obj as Any).status = { currentReplicas: 0, desiredReplicas: 0 };
    },
    defaults(obj) {
      const spec = ((obj as Any).spec ??= {}) as Any;
      spec.minReplicas ??= 1;
    },
    validate(obj) {
      const spec = ((obj as Any).spec ?? {}) as Any;
      const errs: ReturnType<NonNullable<ResourceDef['validate']>> = [];
      const ref = (spec.scaleTargetRef ?? {}) as Any;
      if (!ref.kind) errs.push({ type: 'Required', field: 'spec.scaleTargetRef.kind', detail: '' });
      if (!ref.name) errs.push({ type: 'Required', field: 'spec.scaleTargetRef.name', detail: '' });
      const min = spec.minReplicas as number;
      const max = spec.maxReplicas as number | undefined;
      if (typeof min === 'number' && min < 1) {
        errs.push({
          type: 'Invalid',
          field: 'spec.minReplicas',
          value: String(min),
          detail: 'must be greater than or equal to 1',
        });
      }
      if (typeof max !== 'number' || max < 1) {
        errs.push({
          type: 'Invalid',
          field: 'spec.maxReplicas',
          value: String(max ?? 0),
          detail: 'must be greater than 0',
        });
      } else if (typeof min === 'number' && max < min) {
        errs.push({
          type: 'Invalid',
          field: 'spec.maxReplicas',
          value: String(max),
          detail: 'must be greater than or equal to `minReplicas`',
        });
      }
      return errs;
    },
  },
  // ---- batch ----
  {
    group: 'batch',
    version: 'v1',
    resource: 'jobs',
    kind: 'Job',
    singular: 'job',
    namespaced: true,
    categories: ['all'],
    verbs: CRUD,
    subresources: [{ name: 'status', kind: 'Job', verbs: STATUS_VERBS }],
    statusSubresource: true,
    generation: true,
    columns: wl.jobColumns,
    row: wl.jobRow,
    prepareForCreate: resetStatus,
    defaults: (obj) => defaultJob(obj as Any, obj.metadata.uid),
    validate: (obj, ctx) => validateJob(obj, ctx.old),
  },
  {
    group: 'batch',
    version: 'v1beta1',
    resource: 'cronjobs',
    kind: 'CronJob',
    singular: 'cronjob',
    namespaced: true,
    shortNames: ['cj'],
    categories: ['all'],
    verbs: CRUD,
    subresources: [{ name: 'status', kind: 'CronJob', verbs: STATUS_VERBS }],
    statusSubresource: true,
    generation: true,
    columns: wl.cronJobColumns,
    row: wl.cronJobRow,
    prepareForCreate: resetStatus,
    defaults: (obj) => defaultCronJob(obj as Any),
    validate: (obj) => validateCronJob(obj),
  },
  // ---- networking.k8s.io/v1 ----
  {
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'ingressclasses',
    kind: 'IngressClass',
    singular: 'ingressclass',
    namespaced: false,
    verbs: CRUD,
    columns: sn.ingressClassColumns,
    row: sn.ingressClassRow,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'ingresses',
    kind: 'Ingress',
    singular: 'ingress',
    namespaced: true,
    shortNames: ['ing'],
    verbs: CRUD,
    subresources: [{ name: 'status', kind: 'Ingress', verbs: STATUS_VERBS }],
    statusSubresource: true,
    generation: true,
    columns: sn.ingressColumns,
    row: sn.ingressRow,
    prepareForCreate(obj) {
      (obj as Any).status = { loadBalancer: {} };
    },
    validate: (obj) => validateIngress(obj),
  },
  // ---- storage.k8s.io/v1 ----
  {
    group: 'storage.k8s.io',
    version: 'v1',
    resource: 'storageclasses',
    kind: 'StorageClass',
    singular: 'storageclass',
    namespaced: false,
    shortNames: ['sc'],
    verbs: CRUD,
    columns: sn.storageClassColumns,
    row: sn.storageClassRow,
    defaults(obj) {
      (obj as Any).reclaimPolicy ??= 'Delete';
      (obj as Any).volumeBindingMode ??= 'Immediate';
    },
  },
  // ---- coordination.k8s.io/v1: node heartbeats (describe node shows the Lease) ----
  {
    group: 'coordination.k8s.io',
    version: 'v1',
    resource: 'leases',
    kind: 'Lease',
    singular: 'lease',
    namespaced: true,
    verbs: CRUD,
    columns: [
      { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
      { name: 'Holder', type: 'string', format: '', description: 'The holder of the lease', priority: 0 },
      { name: 'Age', type: 'string', format: '', description: '', priority: 0 },
    ],
    row: (o, now) => [
      o.metadata.name,
      ((o.spec as Any | undefined)?.holderIdentity as string | undefined) ?? '<unknown>',
      core.namespaceRow(o, now)[2],
    ],
  },
];

/** Group versions in the order /apis lists them (upstream priority order for the groups we serve). */
export const GROUP_ORDER = [
  'apps',
  'autoscaling',
  'batch',
  'networking.k8s.io',
  'storage.k8s.io',
  'coordination.k8s.io',
];
