/**
 * The StorePort `createControlPlane()` hands out, backed by the API's resource registry for creates: objects the
 * controllers make (pods from a ReplicaSet, events, endpoints) get the same defaults, admission and validation as
 * objects kubectl posts, as they would through a real API server. Reads, updates and deletes use the plain store
 * adapter (already upstream-shaped).
 */
import type { ResourceRegistry } from '../api/resource-registry.js';
import { objectStorePort } from '../machinery/store-adapter.js';
import type { StorePort } from '../machinery/store-port.js';
import type { KubeObject } from '../objects/index.js';
import { toApiError } from '../api/errors.js';

export function registryStorePort(registry: ResourceRegistry): StorePort {
  const base = objectStorePort(registry.store);
  return {
    ...base,
    async create(resource, obj) {
      try {
        const def = registry.byKey(resource);
        return registry.create(def, def.namespaced ? obj.metadata.namespace : undefined, obj) as KubeObject;
      } catch (error) {
        throw toApiError(error);
      }
    },
  };
}
