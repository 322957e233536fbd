/** The in-memory object store (see object-store.ts for the API and its rules). */
export {
  ObjectStore,
  type StoreDeleteOptions,
  type ListFilter,
  type StoreOptions,
  type WatchOptions,
} from './object-store.js';
export { StoreError, notFound, alreadyExists, conflict, splitResource, type StoreErrorReason } from './errors.js';
export { deepFreeze, thaw, jsonEqual } from './freeze.js';
export { hasOwn, getOwn, setOwn } from './own-keys.js';
export {
  parseLabelSelector,
  parseFieldSelector,
  labelSelectorRequirements,
  matchLabels,
  matchFields,
  fieldValue,
  type LabelRequirements,
  type FieldRequirement,
  type LabelSelectorObject,
} from './selectors.js';
export type { StoredObject, StoreEvent, ResourceConfig, Frozen } from './types.js';
export { randomUuid } from './uid.js';
