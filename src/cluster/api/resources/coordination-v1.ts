/** coordination.k8s.io/v1 leases: the node heartbeat that `kubectl describe node` shows. */
import type { ResourceDef } from '../resource-types.js';
import { leaseColumns, leaseRow } from '../table/storage-network-printers.js';
import { CRUD } from './verbs.js';

export const leases: ResourceDef = {
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
  kind: 'Lease',
  singular: 'lease',
  namespaced: true,
  verbs: CRUD,
  columns: leaseColumns,
  row: leaseRow,
};
