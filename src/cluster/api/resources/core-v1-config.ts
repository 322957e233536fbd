/** core/v1 configuration and identity: configmaps, secrets and serviceaccounts. */
import type { ResourceDef } from '../resource-types.js';
import {
  configMapColumns,
  configMapRow,
  secretColumns,
  secretRow,
  serviceAccountColumns,
  serviceAccountRow,
} from '../table/core-printers.js';
import { CRUD } from './verbs.js';
import type { JsonObject } from '../../objects/index.js';

export const configmaps: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  kind: 'ConfigMap',
  singular: 'configmap',
  namespaced: true,
  shortNames: ['cm'],
  verbs: CRUD,
  columns: configMapColumns,
  row: configMapRow,
};

export const secrets: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'secrets',
  kind: 'Secret',
  singular: 'secret',
  namespaced: true,
  verbs: CRUD,
  fieldSelectors: ['type'],
  columns: secretColumns,
  row: secretRow,
  defaults(obj) {
    (obj as JsonObject).type ??= 'Opaque';
  },
};

export const serviceaccounts: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'serviceaccounts',
  kind: 'ServiceAccount',
  singular: 'serviceaccount',
  namespaced: true,
  shortNames: ['sa'],
  verbs: CRUD,
  columns: serviceAccountColumns,
  row: serviceAccountRow,
};
