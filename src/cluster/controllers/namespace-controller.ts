import type { ControllerContext } from '../machinery/controller-context.js';
import { keyOf } from '../machinery/informer.js';
import { isReason } from '../machinery/store-port.js';
import type { Namespace } from '../objects/index.js';

/**
 * The namespace controller (upstream pkg/controller/namespace): a namespace being deleted shows phase Terminating
 * while everything in it is deleted (pods gracefully, through the kubelet), then loses its `kubernetes` finalizer
 * and disappears, which is what `kubectl delete namespace` waits for.
 */
export function startNamespaceController(ctx: ControllerContext): void {
  const namespaces = ctx.informer<Namespace>('namespaces');
  const queue = ctx.queue('namespace', sync);
  const namespaced = ctx.store.resources().filter((r) => r.namespaced);

  namespaces.onChange((e) => {
    if (e.type !== 'DELETED' && e.object.metadata.deletionTimestamp) queue.add(keyOf(e.object));
  });
  // Hear about the last object of a terminating namespace going away.
  for (const info of namespaced) {
    if (info.resource === 'events') continue;
    ctx.informer(info.resource).onChange((e) => {
      if (e.type !== 'DELETED') return;
      const ns = namespaces.get(e.object.metadata.namespace ?? '');
      if (ns?.metadata.deletionTimestamp) queue.add(keyOf(ns));
    });
  }

  async function sync(key: string): Promise<void> {
    const ns = namespaces.get(key);
    if (!ns?.metadata.deletionTimestamp) return;
    if (ns.status?.phase !== 'Terminating')
      await ctx.store.updateStatus('namespaces', { ...ns, status: { ...ns.status, phase: 'Terminating' } });
    for (const info of namespaced) {
      for (const obj of ctx.store.list(info.resource, key)) {
        if (obj.metadata.deletionTimestamp) continue;
        await ctx.store
          .delete(info.resource, key, obj.metadata.name ?? '', {
            uid: obj.metadata.uid,
            propagationPolicy: 'Background',
          })
          .catch((error: unknown) => {
            if (!isReason(error, 'NotFound') && !isReason(error, 'Conflict')) throw error;
          });
      }
    }
    // Events are deleted at once and never block; anything else left (terminating pods) is awaited via the
    // informers. Something created while we swept (a controller racing the deletion) gets another sweep soon, as
    // upstream requeues a namespace whose content estimate is not zero.
    const left = namespaced
      .filter((info) => info.resource !== 'events')
      .flatMap((info) => ctx.store.list(info.resource, key));
    if (left.some((obj) => !obj.metadata.deletionTimestamp)) queue.addAfter(key, 1000);
    if (left.length) return;
    const current = ctx.store.get('namespaces', undefined, key) as Namespace | undefined;
    if (!current) return;
    const finalized: Namespace = {
      ...current,
      metadata: { ...current.metadata, finalizers: current.metadata.finalizers?.filter((f) => f !== 'kubernetes') },
      spec: { ...current.spec, finalizers: (current.spec?.finalizers ?? []).filter((f) => f !== 'kubernetes') },
    };
    try {
      const written = await ctx.store.update('namespaces', finalized);
      if (ctx.store.get('namespaces', undefined, key)?.metadata.uid === written.metadata.uid)
        await ctx.store.delete('namespaces', undefined, key, { uid: written.metadata.uid });
    } catch (error) {
      if (!isReason(error, 'NotFound')) throw error;
    }
  }
}
