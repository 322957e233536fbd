/**
 * core/v1 limitranges and resourcequotas: served as objects (`kubectl describe namespace` lists them, as on any
 * cluster), neither enforced by admission nor counted by a quota controller.
 */
import type { ResourceDef } from '../resource-types.js';
import { limitRangeColumns, limitRangeRow, resourceQuotaColumns, resourceQuotaRow } from '../table/core-printers.js';
import { CRUD, statusSubresource } from './verbs.js';

export const limitranges: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'limitranges',
  kind: 'LimitRange',
  singular: 'limitrange',
  namespaced: true,
  shortNames: ['limits'],
  verbs: CRUD,
  columns: limitRangeColumns,
  row: limitRangeRow,
};

export const resourcequotas: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'resourcequotas',
  kind: 'ResourceQuota',
  singular: 'resourcequota',
  namespaced: true,
  shortNames: ['quota'],
  verbs: CRUD,
  subresources: [statusSubresource('ResourceQuota')],
  statusSubresource: true,
  columns: resourceQuotaColumns,
  row: resourceQuotaRow,
};
