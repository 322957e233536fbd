import type { KubeObject, WatchEvent } from '../objects/index.js';
import { StoreError, type StoreErrorReason } from '../store/index.js';

/**
 * What the control loops (and the kubelet and service proxy) need from the object store, and nothing more.
 * `store-adapter.ts` maps it onto the ObjectStore; `client/registry-store-port.ts` sends creates through the API's
 * resource registry, and that is the port `createControlPlane()` hands out. Keeping the seam this narrow lets the
 * loops stay the same if the store's API moves.
 *
 * Resources are named by their plural REST name: `pods`, `replicasets`, `deployments`, `services`, `endpoints`,
 * `events`, `namespaces`, `serviceaccounts`, `nodes`, `jobs`, `daemonsets`, `statefulsets`, `configmaps`, ...
 */
export interface StorePort {
  /** Deliver every current object as ADDED, then every later change, in order. Returns a stop function. */
  listAndWatch(resource: string, onEvent: (event: WatchEvent) => void): () => void;
  /** A live read (not from a cache): upstream's garbage collector double-checks owners this way before deleting. */
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  /** A live list, optionally of one namespace. */
  list(resource: string, namespace?: string): KubeObject[];
  /** Resources the store knows; the namespace controller and garbage collector sweep these. */
  resources(): readonly ResourceInfo[];
  /** Create; `metadata.name` must be set. Rejects with reason `AlreadyExists` on a clash (see {@link isReason}). */
  create(resource: string, obj: KubeObject): Promise<KubeObject>;
  /** Replace; `metadata.resourceVersion` is a precondition (Conflict when stale). Status is kept from the old object. */
  update(resource: string, obj: KubeObject): Promise<KubeObject>;
  /** Replace only `.status` (and, like upstream's deployment status strategy, metadata annotations are kept as sent). */
  updateStatus(resource: string, obj: KubeObject): Promise<KubeObject>;
  /**
   * The pods/binding subresource: set spec.nodeName and PodScheduled=True in one write, only if the pod is unbound
   * and not being deleted (Conflict otherwise).
   */
  bind(namespace: string, name: string, nodeName: string, options: { uid?: string; time: string }): Promise<void>;
  /**
   * Delete as the API server would for a client DELETE: finalizers and propagationPolicy are honoured (the object may
   * only get a deletionTimestamp). `uid` is a precondition so we never delete a same-named successor.
   */
  delete(resource: string, namespace: string | undefined, name: string, options?: DeleteOptions): Promise<void>;
}

export interface ResourceInfo {
  resource: string;
  namespaced: boolean;
  apiVersion: string;
  kind: string;
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  uid?: string;
  gracePeriodSeconds?: number;
}

/**
 * Did a store call fail for this reason? The controllers retry on Conflict, ignore NotFound and rename on
 * AlreadyExists.
 */
export function isReason(error: unknown, reason: StoreErrorReason): boolean {
  if (error instanceof StoreError) return error.reason === reason;
  // Creates through the API registry throw its ApiError instead; accept anything carrying the same reason or code.
  const e = error as { reason?: string; code?: number; status?: { reason?: string } } | null;
  const codes: Record<string, number> = { NotFound: 404, Conflict: 409, AlreadyExists: 409 };
  return (
    !!e && (e.reason === reason || e.status?.reason === reason || (reason === 'NotFound' && e.code === codes[reason]))
  );
}
