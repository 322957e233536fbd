/** networking.k8s.io/v1 ingresses and ingressclasses: objects only, no ingress controller routes them. */
import type { ResourceDef } from '../resource-types.js';
import { ingressClassColumns, ingressClassRow, ingressColumns, ingressRow } from '../table/storage-network-printers.js';
import { validateIngress } from '../validation/storage-network.js';
import { CRUD, statusSubresource } from './verbs.js';
import type { JsonObject } from '../../objects/index.js';

export const ingressclasses: ResourceDef = {
  group: 'networking.k8s.io',
  version: 'v1',
  resource: 'ingressclasses',
  kind: 'IngressClass',
  singular: 'ingressclass',
  namespaced: false,
  verbs: CRUD,
  columns: ingressClassColumns,
  row: ingressClassRow,
};

export const ingresses: ResourceDef = {
  group: 'networking.k8s.io',
  version: 'v1',
  resource: 'ingresses',
  kind: 'Ingress',
  singular: 'ingress',
  namespaced: true,
  shortNames: ['ing'],
  verbs: CRUD,
  subresources: [statusSubresource('Ingress')],
  statusSubresource: true,
  generation: true,
  columns: ingressColumns,
  row: ingressRow,
  prepareForCreate(obj) {
    (obj as JsonObject).status = { loadBalancer: {} };
  },
  validate: (obj) => validateIngress(obj),
};
