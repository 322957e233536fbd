/**
 * Storage: core/v1 persistentvolumeclaims and persistentvolumes, storage.k8s.io/v1 storageclasses. Served as objects
 * only: with no binder or provisioner, claims and volumes stay Pending as on a cluster without one.
 */
import type { ResourceDef } from '../resource-types.js';
import {
  pvcColumns,
  pvcRow,
  pvColumns,
  pvRow,
  storageClassColumns,
  storageClassRow,
} from '../table/storage-network-printers.js';
import { validatePersistentVolumeClaim } from '../validation/storage-network.js';
import { CRUD, statusSubresource } from './verbs.js';
import type { JsonObject } from '../../objects/index.js';

const pendingStatus = (obj: object): void => {
  (obj as JsonObject).status = { phase: 'Pending' };
};

export const persistentvolumeclaims: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'persistentvolumeclaims',
  kind: 'PersistentVolumeClaim',
  singular: 'persistentvolumeclaim',
  namespaced: true,
  shortNames: ['pvc'],
  verbs: CRUD,
  subresources: [statusSubresource('PersistentVolumeClaim')],
  statusSubresource: true,
  columns: pvcColumns,
  row: pvcRow,
  prepareForCreate: pendingStatus,
  defaults(obj) {
    const spec = ((obj as JsonObject).spec ??= {}) as JsonObject;
    spec.volumeMode ??= 'Filesystem';
  },
  validate: (obj, ctx) => validatePersistentVolumeClaim(obj, ctx.old),
};

export const persistentvolumes: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'persistentvolumes',
  kind: 'PersistentVolume',
  singular: 'persistentvolume',
  namespaced: false,
  shortNames: ['pv'],
  verbs: CRUD,
  subresources: [statusSubresource('PersistentVolume')],
  statusSubresource: true,
  columns: pvColumns,
  row: pvRow,
  prepareForCreate: pendingStatus,
  defaults(obj) {
    const spec = ((obj as JsonObject).spec ??= {}) as JsonObject;
    spec.persistentVolumeReclaimPolicy ??= 'Retain';
    spec.volumeMode ??= 'Filesystem';
  },
};

export const storageclasses: ResourceDef = {
  group: 'storage.k8s.io',
  version: 'v1',
  resource: 'storageclasses',
  kind: 'StorageClass',
  singular: 'storageclass',
  namespaced: false,
  shortNames: ['sc'],
  verbs: CRUD,
  columns: storageClassColumns,
  row: storageClassRow,
  defaults(obj) {
    (obj as JsonObject).reclaimPolicy ??= 'Delete';
    (obj as JsonObject).volumeBindingMode ??= 'Immediate';
  },
};
