import type { ControllerContext } from '../machinery/controller-context.js';
import { deepEqual } from './deployment-replicas.js';
import { controllerRef, controllerRefTo } from '../machinery/owner-refs.js';
import { podTemplateHash } from './pod-template-hash.js';
import { isReason } from '../machinery/store-port.js';
import type { ControllerRevision, KubeObject, PodTemplateSpec } from '../objects/index.js';

export const CONTROLLER_REVISIONS = 'controllerrevisions.apps';
/** Label on pods naming the ControllerRevision they were made from. */
export const REVISION_HASH_LABEL = 'controller-revision-hash';

/**
 * ControllerRevisions for StatefulSets and DaemonSets (upstream pkg/controller/history): a snapshot of the pod
 * template per version, named `<owner>-<hash>`, numbered like Deployment revisions, so `kubectl rollout history`
 * and `rollout undo` work for them too. Returns the hash of the current template.
 */
export async function syncRevision(
  ctx: ControllerContext,
  owner: KubeObject & { spec: { template: PodTemplateSpec; revisionHistoryLimit?: number } },
  kind: 'StatefulSet' | 'DaemonSet',
  labels: Record<string, string>,
  inUse: ReadonlySet<string>,
): Promise<{ hash: string; name: string; revision: number }> {
  const informer = ctx.informer<ControllerRevision>(CONTROLLER_REVISIONS);
  const uid = owner.metadata.uid ?? '';
  const owned = informer.ownedBy(uid).filter((r) => controllerRef(r)?.uid === uid);
  const data = { spec: { template: { ...owner.spec.template, $patch: 'replace' } } };
  const hash = podTemplateHash(data);
  const name = `${owner.metadata.name}-${hash}`;
  const max = owned.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);
  const existing = owned.find((r) => deepEqual(r.data, data));
  let revision = existing?.revision ?? max + 1;
  if (existing && existing.revision < max) {
    // Rolled back to an older template: it becomes the newest revision again, as upstream.
    revision = max + 1;
    await ctx.store.update(CONTROLLER_REVISIONS, { ...existing, revision }).catch(ignoreGone);
  } else if (!existing) {
    try {
      await ctx.store.create(CONTROLLER_REVISIONS, {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: {
          name,
          namespace: owner.metadata.namespace,
          labels: { ...labels, 'controller.kubernetes.io/hash': hash },
          ownerReferences: [controllerRefTo(owner, 'apps/v1', kind)],
        },
        data,
        revision,
      });
    } catch (error) {
      if (!isReason(error, 'AlreadyExists')) throw error;
    }
  }
  // Keep revisionHistoryLimit (default 10) old revisions that no pod still runs.
  const limit = owner.spec.revisionHistoryLimit ?? 10;
  const old = owned
    .filter((r) => r.metadata.name !== (existing?.metadata.name ?? name) && !inUse.has(r.metadata.name ?? ''))
    .sort((a, b) => a.revision - b.revision);
  for (const r of old.slice(0, Math.max(0, old.length - limit)))
    await ctx.store
      .delete(CONTROLLER_REVISIONS, r.metadata.namespace, r.metadata.name ?? '', { uid: r.metadata.uid })
      .catch(ignoreGone);
  return { hash, name: existing?.metadata.name ?? name, revision };
}

function ignoreGone(error: unknown): void {
  if (!isReason(error, 'NotFound') && !isReason(error, 'Conflict')) throw error;
}
