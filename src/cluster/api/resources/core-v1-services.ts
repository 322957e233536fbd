/** core/v1 services and the endpoints the endpoints controller keeps for them. */
import { defaultService } from '../defaults/service.js';
import type { ResourceDef } from '../resource-types.js';
import { endpointsColumns, endpointsRow, serviceColumns, serviceRow } from '../table/service-printers.js';
import { validateService } from '../validation/service.js';
import { CRUD, CRUD_WITHOUT_DELETECOLLECTION, statusSubresource } from './verbs.js';
import type { JsonObject } from '../../objects/index.js';

export const endpoints: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'endpoints',
  kind: 'Endpoints',
  singular: 'endpoints',
  namespaced: true,
  shortNames: ['ep'],
  verbs: CRUD,
  columns: endpointsColumns,
  row: endpointsRow,
};

export const services: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'services',
  kind: 'Service',
  singular: 'service',
  namespaced: true,
  shortNames: ['svc'],
  categories: ['all'],
  verbs: CRUD_WITHOUT_DELETECOLLECTION,
  subresources: [
    { name: 'proxy', kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    statusSubresource('Service'),
  ],
  statusSubresource: true,
  nameRule: 'dns1035',
  columns: serviceColumns,
  row: serviceRow,
  prepareForCreate(obj) {
    (obj as JsonObject).status = { loadBalancer: {} };
  },
  defaults: (obj, ctx) => defaultService(obj as JsonObject, ctx),
  validate: (obj, ctx) => validateService(obj, ctx),
};
