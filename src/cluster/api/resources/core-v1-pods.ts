/** core/v1 pods and bindings (what the scheduler posts to place a pod). */
import { admitPod, defaultPodSpec, qosClass } from '../defaults/pod-spec.js';
import type { ResourceDef } from '../resource-types.js';
import { podColumns, podRow } from '../table/pod-printer.js';
import { validatePodSpec } from '../validation/pod.js';
import { CRUD, statusSubresource } from './verbs.js';
import type { JsonObject } from '../../objects/index.js';

export const bindings: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'bindings',
  kind: 'Binding',
  singular: 'binding',
  namespaced: true,
  verbs: ['create'],
  columns: [],
  row: () => [],
};

export const pods: ResourceDef = {
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
    statusSubresource('Pod'),
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
  columns: podColumns,
  row: podRow,
  prepareForCreate(obj) {
    const spec = ((obj as JsonObject).spec ?? {}) as JsonObject;
    admitPod(spec);
    (obj as JsonObject).status = { phase: 'Pending', qosClass: qosClass(spec) };
  },
  defaults(obj) {
    const spec = (obj as JsonObject).spec as JsonObject | undefined;
    if (spec && typeof spec === 'object') defaultPodSpec(spec);
  },
  validate(obj) {
    return validatePodSpec((obj as JsonObject).spec as JsonObject | undefined, 'spec');
  },
};
