/** core/v1 objects about the cluster itself: namespaces, nodes and events. */
import type { ResourceDef } from '../resource-types.js';
import { eventColumns, eventRow, namespaceColumns, namespaceRow } from '../table/core-printers.js';
import { nodeColumns, nodeRow } from '../table/node-printer.js';
import { CRUD, CRUD_WITHOUT_DELETECOLLECTION, statusSubresource } from './verbs.js';
import type { JsonObject } from '../../objects/index.js';

export const events: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'events',
  kind: 'Event',
  singular: 'event',
  namespaced: true,
  shortNames: ['ev'],
  verbs: CRUD,
  // What `kubectl describe` filters on (involvedObject.*) and the rest of upstream's event field labels.
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
  columns: eventColumns,
  row: eventRow,
};

export const namespaces: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'namespaces',
  kind: 'Namespace',
  singular: 'namespace',
  namespaced: false,
  shortNames: ['ns'],
  verbs: CRUD_WITHOUT_DELETECOLLECTION,
  subresources: [{ name: 'finalize', kind: 'Namespace', verbs: ['update'] }, statusSubresource('Namespace')],
  statusSubresource: true,
  nameRule: 'label',
  fieldSelectors: ['status.phase'],
  columns: namespaceColumns,
  row: namespaceRow,
  defaults(obj) {
    const spec = ((obj as JsonObject).spec ??= {}) as JsonObject;
    spec.finalizers ??= ['kubernetes'];
    const status = ((obj as JsonObject).status ??= {}) as JsonObject;
    status.phase ??= 'Active';
  },
  prepareForCreate(obj) {
    (obj as JsonObject).status = { phase: 'Active' };
  },
};

export const nodes: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'nodes',
  kind: 'Node',
  singular: 'node',
  namespaced: false,
  shortNames: ['no'],
  verbs: CRUD,
  subresources: [statusSubresource('Node')],
  statusSubresource: true,
  fieldSelectors: ['spec.unschedulable'],
  columns: nodeColumns,
  row: nodeRow,
};
