import { parseTime, rfc3339 } from '../clock.js';
import { getCondition, newCondition, Reason, removeCondition, setCondition } from './conditions.js';
import {
  maxUnavailable,
  replicasOf,
  sumAvailableReplicas,
  sumReadyReplicas,
  sumSpecReplicas,
  sumStatusReplicas,
} from './deployment-replicas.js';
import type { Deployment, DeploymentStatus, ReplicaSet } from '../objects/index.js';

/** Progress deadline as defaulted by apps/v1 (600 s); upstream treats MaxInt32 as "no deadline". */
export function progressDeadline(d: Deployment): number | undefined {
  const s = d.spec.progressDeadlineSeconds ?? 600;
  return s >= 2147483647 ? undefined : s;
}

/** The status the Deployment should report, from its ReplicaSets (upstream calculateStatus). */
export function calculateStatus(
  d: Deployment,
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet | undefined,
  now: number,
): DeploymentStatus {
  const available = sumAvailableReplicas(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: sumStatusReplicas(allRSs),
    updatedReplicas: sumStatusReplicas([newRS]),
    readyReplicas: sumReadyReplicas(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sumSpecReplicas(allRSs) - available),
    conditions: [...(d.status?.conditions ?? [])],
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  const nowIso = rfc3339(now);
  status.conditions =
    available >= replicasOf(d) - maxUnavailable(d)
      ? setCondition(
          status.conditions,
          newCondition(
            'Available',
            'True',
            Reason.MinimumReplicasAvailable,
            'Deployment has minimum availability.',
            nowIso,
          ),
        )
      : setCondition(
          status.conditions,
          newCondition(
            'Available',
            'False',
            Reason.MinimumReplicasUnavailable,
            'Deployment does not have minimum availability.',
            nowIso,
          ),
        );
  return status;
}

/** Every desired pod is updated and available and the spec was observed (upstream DeploymentComplete). */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const replicas = replicasOf(d);
  return (
    status.updatedReplicas === replicas &&
    status.replicas === replicas &&
    status.availableReplicas === replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 1)
  );
}

/** Something moved since the last recorded status (upstream DeploymentProgressing). */
export function deploymentProgressing(d: Deployment, status: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** No progress for progressDeadlineSeconds since the Progressing condition last moved (upstream DeploymentTimedOut). */
export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, now: number): boolean {
  const deadline = progressDeadline(d);
  if (deadline === undefined) return false;
  const cond = getCondition(status.conditions, 'Progressing');
  if (!cond) return false;
  if (cond.reason === Reason.NewReplicaSetAvailable) return false;
  if (cond.reason === Reason.ProgressDeadlineExceeded) return true;
  const from = parseTime(cond.lastUpdateTime);
  return from !== undefined && from + deadline * 1000 < now;
}

/**
 * The status after a rollout step, Progressing condition included (upstream syncRolloutStatus): complete ->
 * NewReplicaSetAvailable, moved -> ReplicaSetUpdated (lastUpdateTime refreshed), stuck past the deadline ->
 * ProgressDeadlineExceeded, which `kubectl rollout status` reports as an error.
 */
export function rolloutStatus(
  d: Deployment,
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet | undefined,
  now: number,
): DeploymentStatus {
  const status = calculateStatus(d, allRSs, newRS, now);
  const deadline = progressDeadline(d);
  if (deadline === undefined) status.conditions = removeCondition(status.conditions, 'Progressing');
  const current = getCondition(d.status?.conditions, 'Progressing');
  const complete = status.replicas === status.updatedReplicas && current?.reason === Reason.NewReplicaSetAvailable;
  const nowIso = rfc3339(now);
  const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
  if (deadline !== undefined && !complete) {
    if (deploymentComplete(d, status)) {
      status.conditions = setCondition(
        status.conditions,
        newCondition(
          'Progressing',
          'True',
          Reason.NewReplicaSetAvailable,
          `${subject} has successfully progressed.`,
          nowIso,
        ),
      );
    } else if (deploymentProgressing(d, status)) {
      const cond = newCondition('Progressing', 'True', Reason.ReplicaSetUpdated, `${subject} is progressing.`, nowIso);
      // Progress refreshes lastUpdateTime even when the reason is unchanged; that restarts the deadline.
      if (current?.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
      status.conditions = [...removeCondition(status.conditions, 'Progressing'), cond];
    } else if (deploymentTimedOut(d, status, now)) {
      status.conditions = setCondition(
        status.conditions,
        newCondition(
          'Progressing',
          'False',
          Reason.ProgressDeadlineExceeded,
          `${subject} has timed out progressing.`,
          nowIso,
        ),
      );
    }
  }
  return status;
}

/** When to look again so a stuck rollout is marked ProgressDeadlineExceeded on time (upstream requeueStuckDeployment). */
export function msUntilDeadline(d: Deployment, status: DeploymentStatus, now: number): number | undefined {
  const deadline = progressDeadline(d);
  const cond = getCondition(status.conditions, 'Progressing');
  if (deadline === undefined || !cond) return undefined;
  if (cond.reason === Reason.NewReplicaSetAvailable || cond.reason === Reason.ProgressDeadlineExceeded)
    return undefined;
  if (deploymentComplete(d, status)) return undefined;
  const from = parseTime(cond.lastUpdateTime);
  if (from === undefined) return undefined;
  return Math.max(0, from + deadline * 1000 - now) + 1000;
}
