/**
 * autoscaling/v1 horizontalpodautoscalers: served so `kubectl autoscale` works; with no metrics server nothing
 * scales, as on a bare cluster.
 */
import type { ResourceDef } from '../resource-types.js';
import { hpaColumns, hpaRow } from '../table/storage-network-printers.js';
import { validateHorizontalPodAutoscaler } from '../validation/autoscaling.js';
import { CRUD, statusSubresource } from './verbs.js';
import type { JsonObject } from '../../objects/index.js';

export const horizontalpodautoscalers: ResourceDef = {
  group: 'autoscaling',
  version: 'v1',
  resource: 'horizontalpodautoscalers',
  kind: 'HorizontalPodAutoscaler',
  singular: 'horizontalpodautoscaler',
  namespaced: true,
  shortNames: ['hpa'],
  categories: ['all'],
  verbs: CRUD,
  subresources: [statusSubresource('HorizontalPodAutoscaler')],
  statusSubresource: true,
  columns: hpaColumns,
  row: hpaRow,
  prepareForCreate(obj) {
    (obj as JsonObject).status = { currentReplicas: 0, desiredReplicas: 0 };
  },
  defaults(obj) {
    const spec = ((obj as JsonObject).spec ??= {}) as JsonObject;
    spec.minReplicas ??= 1;
  },
  validate: (obj) => validateHorizontalPodAutoscaler(obj),
};
