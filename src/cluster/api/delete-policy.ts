/**
 * How a DELETE proceeds for kinds with special rules: the finalizer a propagationPolicy asks the garbage collector
 * for, a pod's grace period (only scheduled, still-running pods wait for the kubelet), and namespaces (marked
 * Terminating and emptied by the namespace controller; the system ones may not be deleted).
 */
import type { ObjectStore, StoredObject } from '../store/index.js';
import type { JsonObject, KubeObject } from '../objects/index.js';
import { forbidden } from './errors.js';
import type { DeleteRequest } from './requests.js';

/** Foreground and Orphan deletion are carried out by the garbage collector, which these finalizers summon. */
export function propagationFinalizer(policy: DeleteRequest['propagationPolicy']): string | undefined {
  if (policy === 'Foreground') return 'foregroundDeletion';
  if (policy === 'Orphan') return 'orphan';
  return undefined;
}

/** Seconds a pod stays Terminating: 0 when no kubelet runs it (unscheduled) or it has already finished. */
export function podGracePeriod(pod: StoredObject, req: DeleteRequest): number {
  const spec = (pod.spec ?? {}) as JsonObject;
  const phase = (pod.status as JsonObject | undefined)?.phase;
  const scheduled = typeof spec.nodeName === 'string' && spec.nodeName !== '';
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  if (!scheduled || terminal) return 0;
  return req.gracePeriodSeconds ?? (spec.terminationGracePeriodSeconds as number | undefined) ?? 30;
}

const UNDELETABLE_NAMESPACES = ['default', 'kube-system', 'kube-public'];

export function deleteNamespace(
  store: ObjectStore,
  old: StoredObject,
  req: DeleteRequest,
): { object: StoredObject; finished: boolean } {
  const name = old.metadata.name!;
  if (UNDELETABLE_NAMESPACES.includes(name)) {
    throw forbidden('namespaces', name, `this namespace may not be deleted`);
  }
  let object = old;
  if (!old.metadata.deletionTimestamp) {
    object = store.delete('namespaces', undefined, name, { uid: req.preconditions?.uid, markOnly: true });
    object = store.update('namespaces', { ...object, status: { phase: 'Terminating' } } as KubeObject);
  }
  // The namespace controller empties it and then removes it (src/cluster/controllers/namespace-controller.ts).
  return { object, finished: false };
}
