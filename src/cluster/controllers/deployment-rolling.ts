import {
  byCreation,
  filterActive,
  maxUnavailable,
  newRSNewReplicas,
  replicasOf,
  sumAvailableReplicas,
  sumSpecReplicas,
} from './deployment-replicas.js';
import { deploymentComplete } from './deployment-status.js';
import type { RolloutSteps } from './deployment-steps.js';
import type { ReplicaSet } from '../objects/index.js';

/**
 * RollingUpdate (upstream rolling.go): grow the new ReplicaSet as far as maxSurge allows, then shrink old ones as far
 * as maxUnavailable allows (unhealthy old pods first), one step per reconcile; each step writes status so
 * `kubectl rollout status` follows along. History is cleaned up once the rollout is complete.
 */
export async function rolloutRolling(s: RolloutSteps, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(rsList, true);
  const fresh = newRS!;
  const all = [...oldRSs, fresh];
  const up = await reconcileNewReplicaSet(s, all, fresh);
  if (up.scaled) return s.syncRolloutStatus([...oldRSs, up.rs], up.rs);
  const down = await reconcileOldReplicaSets(s, all, filterActive(oldRSs), up.rs);
  if (down) return s.syncRolloutStatus(all, up.rs);
  if (deploymentComplete(s.d, s.d.status ?? {})) await s.cleanup(oldRSs);
  return s.syncRolloutStatus(all, up.rs);
}

async function reconcileNewReplicaSet(
  s: RolloutSteps,
  all: ReplicaSet[],
  newRS: ReplicaSet,
): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  const want = replicasOf(s.d);
  if (replicasOf(newRS) === want) return { scaled: false, rs: newRS };
  if (replicasOf(newRS) > want) return s.scaleAndRecord(newRS, want);
  return s.scaleAndRecord(newRS, newRSNewReplicas(s.d, all, newRS));
}

async function reconcileOldReplicaSets(
  s: RolloutSteps,
  all: ReplicaSet[],
  oldRSs: ReplicaSet[],
  newRS: ReplicaSet,
): Promise<boolean> {
  if (sumSpecReplicas(oldRSs) === 0) return false;
  const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = sumSpecReplicas(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  // Unhealthy old pods go first: removing them costs no availability (upstream cleanupUnhealthyReplicas).
  const sorted = [...oldRSs].sort(byCreation);
  let cleaned = 0;
  for (const [i, rs] of sorted.entries()) {
    if (cleaned >= maxScaledDown) break;
    const unhealthy = replicasOf(rs) - (rs.status?.availableReplicas ?? 0);
    if (replicasOf(rs) === 0 || unhealthy <= 0) continue;
    const count = Math.min(maxScaledDown - cleaned, unhealthy);
    sorted[i] = (await s.scaleAndRecord(rs, replicasOf(rs) - count)).rs;
    cleaned += count;
  }
  const scaledDown = await scaleDownOldForRollingUpdate(s, [...sorted, newRS], sorted);
  return cleaned + scaledDown > 0;
}

async function scaleDownOldForRollingUpdate(s: RolloutSteps, all: ReplicaSet[], oldRSs: ReplicaSet[]): Promise<number> {
  const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
  const available = sumAvailableReplicas(all);
  if (available <= minAvailable) return 0;
  const total = available - minAvailable;
  let done = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (done >= total) break;
    if (replicasOf(rs) === 0) continue;
    const count = Math.min(replicasOf(rs), total - done);
    await s.scaleAndRecord(rs, replicasOf(rs) - count);
    done += count;
  }
  return done;
}
