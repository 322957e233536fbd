import type { Deployment, KubeObject, ReplicaSet } from '../objects/index.js';

/** Annotation keys the deployment controller and `kubectl rollout` share (upstream deployment_util.go). */
export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const ROLLBACK_TO = 'deprecated.deployment.rollback.to';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Upstream keeps revision-history under this many characters, dropping the oldest entries first. */
const REVISION_HISTORY_LIMIT_CHARS = 2000;

/** Deployment annotations that must not leak onto its ReplicaSets (they describe the Deployment itself). */
const SKIPPED = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO]);

/** The revision number of an object, 0 when absent; undefined when the annotation is garbage. */
export function revisionOf(obj: KubeObject | undefined): number | undefined {
  const value = obj?.metadata.annotations?.[REVISION];
  if (value === undefined || value === '') return 0;
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

export function maxRevision(replicaSets: readonly ReplicaSet[]): number {
  let max = 0;
  for (const rs of replicaSets) max = Math.max(max, revisionOf(rs) ?? 0);
  return max;
}

/** Copy the Deployment's own annotations onto the RS (so `kubernetes.io/change-cause` reaches rollout history). */
function copyDeploymentAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  let changed = false;
  const target = (rs.metadata.annotations ??= {});
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIPPED.has(k) || target[k] === v) continue;
    target[k] = v;
    changed = true;
  }
  return changed;
}

/** Set desired-replicas / max-replicas, which proportional scaling reads back later. Returns whether they changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  if (annotations[DESIRED_REPLICAS] === String(desired) && annotations[MAX_REPLICAS] === String(max)) return false;
  annotations[DESIRED_REPLICAS] = String(desired);
  annotations[MAX_REPLICAS] = String(max);
  return true;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const annotations = rs.metadata.annotations ?? {};
  return annotations[DESIRED_REPLICAS] !== String(desired) || annotations[MAX_REPLICAS] !== String(max);
}

/**
 * Stamp the new ReplicaSet with the Deployment's annotations and revision (upstream SetNewReplicaSetAnnotations).
 * An RS that already had a lower revision is being rolled back to: its old number moves into revision-history, which
 * is what `kubectl rollout history` shows as the rollout going 1 -> 2 -> 3 (revision 1 becoming 3).
 */
export function setNewReplicaSetAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  newRevision: number,
  exists: boolean,
  surge: number,
): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const annotations = (rs.metadata.annotations ??= {});
  const hadRevision = Object.prototype.hasOwnProperty.call(annotations, REVISION);
  const oldRevisionText = annotations[REVISION] ?? '';
  let oldRevision = 0;
  if (oldRevisionText !== '') {
    if (!/^\d+$/.test(oldRevisionText)) return changed;
    oldRevision = Number(oldRevisionText);
  }
  if (oldRevision < newRevision) {
    annotations[REVISION] = String(newRevision);
    changed = true;
    if (hadRevision && oldRevisionText !== '') {
      const history = annotations[REVISION_HISTORY] ?? '';
      if (history === '') annotations[REVISION_HISTORY] = oldRevisionText;
      else {
        const entries = history.split(',');
        let total = history.length + oldRevisionText.length + 1;
        let start = 0;
        while (total > REVISION_HISTORY_LIMIT_CHARS && start < entries.length) total -= entries[start++]!.length + 1;
        if (total <= REVISION_HISTORY_LIMIT_CHARS)
          annotations[REVISION_HISTORY] = [...entries.slice(start), oldRevisionText].join(',');
      }
    }
  }
  if (!exists) {
    const replicas = d.spec.replicas ?? 1;
    if (setReplicasAnnotations(rs, replicas, replicas + surge)) changed = true;
  }
  return changed;
}

/** Mirror the new RS's revision on the Deployment (what `kubectl describe deploy` and rollout status read). */
export function setDeploymentRevision(d: Deployment, revision: string | undefined): boolean {
  if (revision === undefined) return false;
  const annotations = (d.metadata.annotations ??= {});
  if (annotations[REVISION] === revision) return false;
  annotations[REVISION] = revision;
  return true;
}

export function desiredReplicasAnnotation(rs: ReplicaSet): number | undefined {
  const v = rs.metadata.annotations?.[DESIRED_REPLICAS];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

export function maxReplicasAnnotation(rs: ReplicaSet): number | undefined {
  const v = rs.metadata.annotations?.[MAX_REPLICAS];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}
