import { replicasOf, sumStatusReplicas } from './deployment-replicas.js';
import { deploymentComplete } from './deployment-status.js';
import type { RolloutSteps } from './deployment-steps.js';
import type { ReplicaSet } from '../objects/index.js';

/**
 * Recreate (upstream recreate.go): scale every old ReplicaSet to 0, wait until none of their pods is left running
 * (terminating ones included), and only then create and scale up the new ReplicaSet.
 */
export async function rolloutRecreate(s: RolloutSteps, rsList: ReplicaSet[]): Promise<void> {
  let { newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(rsList, false);
  const all = () => [...oldRSs, ...(newRS ? [newRS] : [])];
  let scaledDown = false;
  for (const [i, rs] of oldRSs.entries()) {
    if (replicasOf(rs) === 0) continue;
    const r = await s.scaleAndRecord(rs, 0);
    oldRSs[i] = r.rs;
    scaledDown ||= r.scaled;
  }
  if (scaledDown) return s.syncRolloutStatus(all(), newRS);
  if (oldPodsRunning(s, newRS, oldRSs)) return s.syncRolloutStatus(all(), newRS);
  if (!newRS) ({ newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(rsList, true));
  const up = await s.scaleAndRecord(newRS!, replicasOf(s.d));
  newRS = up.rs;
  if (deploymentComplete(s.d, s.d.status ?? {})) await s.cleanup(oldRSs);
  return s.syncRolloutStatus(all(), newRS);
}

/** Any pod of an old RS not yet finished, terminating ones included: Recreate never overlaps versions. */
function oldPodsRunning(s: RolloutSteps, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): boolean {
  if (sumStatusReplicas(oldRSs) > 0) return true;
  for (const rs of oldRSs) {
    if (rs.metadata.uid === newRS?.metadata.uid) continue;
    for (const pod of s.pods.ownedBy(rs.metadata.uid ?? '')) {
      const phase = pod.status?.phase;
      if (phase !== 'Failed' && phase !== 'Succeeded') return true;
    }
  }
  return false;
}
