/** Discovery verbs and subresource shapes that many served resources share, and the create-time status reset. */
import type { KubeObject } from '../../objects/index.js';
import type { SubresourceDef } from '../resource-types.js';

export const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
/** Namespaces and services have no deletecollection in 1.20's discovery. */
export const CRUD_WITHOUT_DELETECOLLECTION = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
export const STATUS_VERBS = ['get', 'patch', 'update'];

/** The `/status` subresource of a kind. */
export const statusSubresource = (kind: string): SubresourceDef => ({ name: 'status', kind, verbs: STATUS_VERBS });

/** `/scale` (autoscaling/v1 Scale, what `kubectl scale` patches) and `/status` of a scalable workload. */
export const scaleAndStatus = (kind: string): SubresourceDef[] => [
  { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: STATUS_VERBS },
  statusSubresource(kind),
];

/** A create may not set the status of a controller-managed object: the controller writes it. */
export const resetStatus = (obj: KubeObject): void => {
  delete obj.status;
};
