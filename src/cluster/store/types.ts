/**
 * The shapes the store keeps. Objects are plain JSON (as clients sent them, plus server-set metadata), deep-frozen
 * once when written and then shared by every reader: a list of 1,000 pods hands out 1,000 references, not copies.
 */
import type { KubeObject, WatchEvent } from '../objects/index.js';

/** Deeply read-only view: what the store hands out. Use `thaw()` to get an editable deep copy. */
export type Frozen<T> = T extends (infer U)[]
  ? readonly Frozen<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Frozen<T[K]> }
    : T;

export type StoredObject = Frozen<KubeObject>;

export interface StoreEvent {
  type: WatchEvent['type'];
  resource: string;
  object: StoredObject;
  /** The object before the change (MODIFIED, DELETED): lets a filtered watch turn "left the selector" into DELETED. */
  previous?: StoredObject;
  /** The store's resourceVersion after this change (numeric, as a number for cheap comparisons). */
  rv: number;
}

/** How a resource behaves in the store. The API layer registers every served resource at start-up. */
export interface ResourceConfig {
  /** Plural REST name, qualified by group for non-core groups: `pods`, `deployments.apps`, `jobs.batch`. */
  resource: string;
  namespaced: boolean;
  /** `metadata.generation` is kept and bumped on every change outside metadata and status (upstream strategies). */
  generation?: boolean;
}
