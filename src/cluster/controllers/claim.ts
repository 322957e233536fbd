import type { ControllerContext } from '../machinery/controller-context.js';
import type { Informer } from '../machinery/informer.js';
import { selectorMatches } from '../machinery/label-selector.js';
import { controllerRef, controllerRefTo } from '../machinery/owner-refs.js';
import { isReason } from '../machinery/store-port.js';
import type { KubeObject, LabelSelector } from '../objects/index.js';

/**
 * Upstream ControllerRefManager: the objects `owner` controls, after adopting orphans its selector matches and
 * releasing objects whose labels no longer match (so relabelling a pod takes it out of its ReplicaSet, which then
 * makes a replacement, exactly as on a real cluster). Looks only at the owner's dependents and the namespace's orphans.
 */
export async function claim<T extends KubeObject>(
  ctx: ControllerContext,
  informer: Informer<T>,
  owner: KubeObject,
  ownerApiVersion: string,
  ownerKind: string,
  selector: LabelSelector,
): Promise<T[]> {
  const uid = owner.metadata.uid ?? '';
  const deleting = !!owner.metadata.deletionTimestamp;
  const claimed: T[] = [];
  for (const obj of informer.ownedBy(uid)) {
    if (controllerRef(obj)?.uid !== uid) continue;
    if (selectorMatches(selector, obj.metadata.labels)) claimed.push(obj);
    else if (!deleting && !obj.metadata.deletionTimestamp) {
      const released = {
        ...obj,
        metadata: { ...obj.metadata, ownerReferences: obj.metadata.ownerReferences?.filter((r) => r.uid !== uid) },
      };
      await ctx.store.update(informer.resource, released).catch(ignoreGone);
    }
  }
  if (deleting) return claimed;
  for (const obj of informer.orphansIn(owner.metadata.namespace ?? '')) {
    if (obj.metadata.deletionTimestamp || !selectorMatches(selector, obj.metadata.labels)) continue;
    const adopted = {
      ...obj,
      metadata: {
        ...obj.metadata,
        ownerReferences: [...(obj.metadata.ownerReferences ?? []), controllerRefTo(owner, ownerApiVersion, ownerKind)],
      },
    };
    try {
      claimed.push((await ctx.store.update(informer.resource, adopted)) as T);
    } catch (error) {
      ignoreGone(error);
    }
  }
  return claimed;
}

/** NotFound and Conflict mean someone else moved first; the next sync sees the new state. */
export function ignoreGone(error: unknown): void {
  if (isReason(error, 'NotFound') || isReason(error, 'Conflict')) return;
  throw error;
}
