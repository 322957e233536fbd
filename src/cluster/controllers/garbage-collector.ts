import type { ControllerContext } from '../machinery/controller-context.js';
import type { Informer } from '../machinery/informer.js';
import { keyOf } from '../machinery/informer.js';
import { deepEqual } from './deployment-replicas.js';
import { isReason, type ResourceInfo } from '../machinery/store-port.js';
import type { KubeObject, OwnerReference } from '../objects/index.js';

const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';

/** Resources never owned in practice and far too chatty to mirror. */
const SKIP = new Set(['events']);

/**
 * The garbage collector (upstream pkg/controller/garbagecollector), by ownerReferences:
 * - a dependent whose owners are all gone (absent, or a new object with the same name) is deleted — Background
 *   propagation: `kubectl delete deploy web` removes the Deployment at once, then its ReplicaSets, then their pods;
 * - an owner being deleted with the `orphan` finalizer first has its uid removed from every dependent's
 *   ownerReferences, then loses the finalizer (propagationPolicy=Orphan);
 * - an owner with the `foregroundDeletion` finalizer stays (deletionTimestamp set) while its dependents are deleted,
 *   and loses the finalizer once no dependent with blockOwnerDeletion is left (propagationPolicy=Foreground).
 * Owners are checked by live read before anything is deleted, as upstream does.
 */
export function startGarbageCollector(ctx: ControllerContext): void {
  const resources = ctx.store.resources().filter((r) => !SKIP.has(r.resource));
  const informers = new Map<string, Informer>();
  const byKind = new Map<string, ResourceInfo>();
  for (const info of resources) {
    informers.set(info.resource, ctx.informer(info.resource));
    byKind.set(`${groupOf(info.apiVersion)}/${info.kind}`, info);
  }
  const uids = new Map<string, string>(); // uid -> "resource|key"
  const dependentsQueue = ctx.queue('garbage-collector', attemptToDelete);
  const ownersQueue = ctx.queue('garbage-collector-owners', processDeletingOwner);

  const dependentsOf = (uid: string): [string, KubeObject][] => {
    const out: [string, KubeObject][] = [];
    for (const [resource, informer] of informers) for (const o of informer.ownedBy(uid)) out.push([resource, o]);
    return out;
  };
  const wakeOwners = (refs: readonly OwnerReference[] | undefined) => {
    for (const ref of refs ?? []) {
      const at = uids.get(ref.uid);
      if (at) ownersQueue.add(at);
    }
  };

  for (const [resource, informer] of informers) {
    informer.onChange((e, old) => {
      const obj = e.object;
      const at = `${resource}|${keyOf(obj)}`;
      const uid = obj.metadata.uid ?? '';
      if (e.type === 'DELETED') {
        if (uids.get(uid) === at) uids.delete(uid);
        for (const [r, dep] of dependentsOf(uid)) dependentsQueue.add(`${r}|${keyOf(dep)}`);
        wakeOwners(obj.metadata.ownerReferences);
        return;
      }
      uids.set(uid, at);
      const refsChanged = !old || !deepEqual(old.metadata.ownerReferences, obj.metadata.ownerReferences);
      if (obj.metadata.ownerReferences?.length && refsChanged) dependentsQueue.add(at);
      if (old && refsChanged) wakeOwners(old.metadata.ownerReferences);
      if (obj.metadata.deletionTimestamp && hasFinalizer(obj, ORPHAN, FOREGROUND)) ownersQueue.add(at);
    });
  }

  function lookup(at: string): { resource: string; obj: KubeObject } | undefined {
    const bar = at.indexOf('|');
    const resource = at.slice(0, bar);
    const obj = informers.get(resource)?.get(at.slice(bar + 1));
    return obj ? { resource, obj } : undefined;
  }

  /** Is this dependent's owner still there? 'unknown' for kinds we cannot look up (never delete on a guess). */
  function ownerState(ref: OwnerReference, namespace: string | undefined): 'solid' | 'dangling' | 'waiting' {
    const info = byKind.get(`${groupOf(ref.apiVersion)}/${ref.kind}`);
    if (!info) return 'solid';
    const owner = ctx.store.get(info.resource, info.namespaced ? namespace : undefined, ref.name);
    if (!owner || owner.metadata.uid !== ref.uid) return 'dangling';
    if (owner.metadata.deletionTimestamp && hasFinalizer(owner, FOREGROUND)) return 'waiting';
    return 'solid';
  }

  async function attemptToDelete(at: string): Promise<void> {
    const found = lookup(at);
    if (!found) return;
    const { resource, obj } = found;
    const meta = obj.metadata;
    if (meta.deletionTimestamp && !hasFinalizer(obj, FOREGROUND)) return;
    const refs = meta.ownerReferences ?? [];
    if (refs.length === 0) return;
    const states = refs.map((ref) => ownerState(ref, meta.namespace));
    const solid = states.filter((s) => s === 'solid').length;
    const gone = new Set(refs.filter((_, i) => states[i] !== 'solid').map((r) => r.uid));
    try {
      if (solid > 0) {
        if (gone.size === 0) return;
        // Still owned by someone alive: just forget the owners that are gone or going.
        await ctx.store.update(resource, {
          ...obj,
          metadata: withOwnerReferences(
            meta,
            refs.filter((r) => !gone.has(r.uid)),
          ),
        });
        return;
      }
      if (meta.deletionTimestamp) return;
      const waiting = states.includes('waiting');
      const policy = hasFinalizer(obj, ORPHAN)
        ? 'Orphan'
        : waiting && dependentsOf(meta.uid ?? '').length > 0
          ? 'Foreground'
          : 'Background';
      await ctx.store.delete(resource, meta.namespace, meta.name ?? '', { uid: meta.uid, propagationPolicy: policy });
    } catch (error) {
      if (isReason(error, 'NotFound')) return;
      throw error;
    }
  }

  async function processDeletingOwner(at: string): Promise<void> {
    const found = lookup(at);
    if (!found || !found.obj.metadata.deletionTimestamp) return;
    const { resource, obj } = found;
    const uid = obj.metadata.uid ?? '';
    const dependents = dependentsOf(uid);
    if (hasFinalizer(obj, ORPHAN)) {
      for (const [r, dep] of dependents) {
        await ctx.store
          .update(r, {
            ...dep,
            metadata: withOwnerReferences(
              dep.metadata,
              (dep.metadata.ownerReferences ?? []).filter((x) => x.uid !== uid),
            ),
          })
          .catch(ignoreNotFound);
      }
      await removeFinalizer(resource, obj, ORPHAN);
      return;
    }
    if (!hasFinalizer(obj, FOREGROUND)) return;
    for (const [r, dep] of dependents) if (!dep.metadata.deletionTimestamp) dependentsQueue.add(`${r}|${keyOf(dep)}`);
    const blocking = dependents.filter(([, dep]) =>
      dep.metadata.ownerReferences?.some((ref) => ref.uid === uid && ref.blockOwnerDeletion),
    );
    if (blocking.length === 0) await removeFinalizer(resource, obj, FOREGROUND);
  }

  async function removeFinalizer(resource: string, obj: KubeObject, finalizer: string): Promise<void> {
    await ctx.store
      .update(resource, {
        ...obj,
        metadata: { ...obj.metadata, finalizers: obj.metadata.finalizers?.filter((f) => f !== finalizer) },
      })
      .catch(ignoreNotFound);
  }
}

function hasFinalizer(obj: KubeObject, ...names: string[]): boolean {
  return obj.metadata.finalizers?.some((f) => names.includes(f)) ?? false;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function ignoreNotFound(error: unknown): void {
  if (!isReason(error, 'NotFound')) throw error;
}

/** Metadata with these owner references; none left means no field at all, as a real server stores it (omitempty). */
function withOwnerReferences<M extends { ownerReferences?: OwnerReference[] }>(meta: M, refs: OwnerReference[]): M {
  const { ownerReferences: _, ...rest } = meta;
  return (refs.length ? { ...rest, ownerReferences: refs } : rest) as M;
}
