import type { Condition } from '../objects/index.js';

/** Deployment condition reasons, as `kubectl describe` and `rollout status` show them (upstream deployment_util.go). */
export const Reason = {
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
  DeploymentPaused: 'DeploymentPaused',
  DeploymentResumed: 'DeploymentResumed',
  FailedCreate: 'FailedCreate',
  FailedDelete: 'FailedDelete',
} as const;

export function newCondition(
  type: string,
  status: Condition['status'],
  reason: string,
  message: string,
  nowIso: string,
): Condition {
  return { type, status, lastUpdateTime: nowIso, lastTransitionTime: nowIso, reason, message };
}

export function getCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * Upstream SetDeploymentCondition: a condition with the same status and reason is left alone (so lastUpdateTime does
 * not churn); same status with a new reason keeps lastTransitionTime; the condition moves to the end of the list.
 */
export function setCondition(conditions: Condition[] | undefined, condition: Condition): Condition[] {
  const current = getCondition(conditions, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return conditions ?? [];
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  return [...(conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeCondition(conditions: Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}
