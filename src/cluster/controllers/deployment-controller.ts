import { claim } from './claim.js';
import type { ControllerContext } from '../machinery/controller-context.js';
import { DeploymentSync } from './deployment-sync.js';
import { keyOf } from '../machinery/informer.js';
import { selectorMatches } from '../machinery/label-selector.js';
import { controllerRef } from '../machinery/owner-refs.js';
import type { Deployment, Pod, ReplicaSet } from '../objects/index.js';

export const DEPLOYMENTS = 'deployments.apps';
export const REPLICASETS = 'replicasets.apps';

/**
 * The Deployment controller (upstream pkg/controller/deployment): owns ReplicaSets `<name>-<pod-template-hash>`,
 * rolls between them (RollingUpdate within maxSurge/maxUnavailable, or Recreate), scales proportionally mid-rollout,
 * keeps revisions and history, honours pause, and reports status and the Available/Progressing conditions that
 * `kubectl rollout status` waits on. The reconcile itself lives in {@link DeploymentSync}.
 */
export function startDeploymentController(ctx: ControllerContext): void {
  const deployments = ctx.informer<Deployment>(DEPLOYMENTS);
  const replicaSets = ctx.informer<ReplicaSet>(REPLICASETS);
  const pods = ctx.informer<Pod>('pods');
  const events = ctx.events.for('deployment-controller');
  const queue = ctx.queue('deployment', sync);

  // Every change, our own status writes included, is a resync (as upstream): the step after a rollout completes,
  // history clean-up, only happens on the sync that sees the completed status.
  deployments.onChange((e) => queue.add(keyOf(e.object)));

  const enqueueOwnerOf = (rs: ReplicaSet) => {
    const ref = controllerRef(rs);
    if (ref?.kind !== 'Deployment') return false;
    const d = deployments.getByUid(ref.uid);
    if (d) queue.add(keyOf(d));
    return true;
  };

  replicaSets.onChange((e, old) => {
    const rs = e.object as ReplicaSet;
    const owned = enqueueOwnerOf(rs);
    if (old && controllerRef(old)?.uid !== controllerRef(rs)?.uid) enqueueOwnerOf(old as ReplicaSet);
    if (!owned && !controllerRef(rs) && e.type !== 'DELETED') {
      // An orphan RS: a Deployment whose selector matches may adopt it.
      for (const d of deployments.inNamespace(rs.metadata.namespace ?? ''))
        if (selectorMatches(d.spec.selector, rs.metadata.labels)) queue.add(keyOf(d));
    }
  });

  // Recreate waits for the old pods to be gone, so it needs to hear about pod deletions.
  pods.onChange((e) => {
    if (e.type !== 'DELETED') return;
    const ref = controllerRef(e.object);
    const rs = ref?.kind === 'ReplicaSet' ? replicaSets.getByUid(ref.uid) : undefined;
    const dRef = rs ? controllerRef(rs) : undefined;
    const d = dRef ? deployments.getByUid(dRef.uid) : undefined;
    if (d && d.spec.strategy?.type === 'Recreate') queue.add(keyOf(d));
  });

  async function sync(key: string): Promise<void> {
    const cached = deployments.get(key);
    if (!cached) return;
    const run = new DeploymentSync(ctx, events, structuredClone(cached) as Deployment, pods, (ms) =>
      queue.addAfter(key, ms),
    );
    if (run.selectsAll()) return run.refuseEmptySelector();
    const rsList = await claim(ctx, replicaSets, cached, 'apps/v1', 'Deployment', cached.spec.selector);
    await run.reconcile(rsList.map((rs) => structuredClone(rs) as ReplicaSet));
  }
}
