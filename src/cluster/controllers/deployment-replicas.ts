import { resolveFenceposts } from './int-or-percent.js';
import { desiredReplicasAnnotation, maxReplicasAnnotation } from './deployment-annotations.js';
import { parseTime } from '../clock.js';
import type { Deployment, PodTemplateSpec, ReplicaSet } from '../objects/index.js';

/** The label that ties a ReplicaSet and its pods to one pod template. */
export const POD_TEMPLATE_HASH = 'pod-template-hash';

export function replicasOf(obj: Deployment | ReplicaSet | undefined): number {
  return obj?.spec.replicas ?? 1;
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

function fenceposts(d: Deployment): { surge: number; unavailable: number } {
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge ?? '25%', ru?.maxUnavailable ?? '25%', replicasOf(d));
}

/** How many pods above spec.replicas a rolling update may run (0 for Recreate). */
export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

/** How many pods below spec.replicas a rolling update may drop to, capped at spec.replicas. */
export function maxUnavailable(d: Deployment): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(fenceposts(d).unavailable, replicas);
}

export function sumSpecReplicas(list: readonly (ReplicaSet | undefined)[]): number {
  return list.reduce((n, rs) => n + (rs ? replicasOf(rs) : 0), 0);
}

export function sumStatusReplicas(list: readonly (ReplicaSet | undefined)[]): number {
  return list.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
}

export function sumReadyReplicas(list: readonly (ReplicaSet | undefined)[]): number {
  return list.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
}

export function sumAvailableReplicas(list: readonly (ReplicaSet | undefined)[]): number {
  return list.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);
}

/** Size the new ReplicaSet may grow to this step (upstream NewRSNewReplicas). */
export function newRSNewReplicas(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): number {
  const desired = replicasOf(d);
  if (!isRollingUpdate(d)) return desired;
  const maxTotal = desired + maxSurge(d);
  const current = sumSpecReplicas(allRSs);
  if (current >= maxTotal) return replicasOf(newRS);
  const scaleUp = Math.min(maxTotal - current, desired - replicasOf(newRS));
  return replicasOf(newRS) + scaleUp;
}

/** The new RS has every desired pod available and was sized for the current spec.replicas (upstream IsSaturated). */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  if (desired === undefined) return false;
  const replicas = replicasOf(d);
  return replicasOf(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

export function filterActive(list: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return list.filter((rs): rs is ReplicaSet => !!rs && replicasOf(rs) > 0);
}

/** Oldest first, ties broken by name (upstream ReplicaSetsByCreationTimestamp). */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const d = (parseTime(a.metadata.creationTimestamp) ?? 0) - (parseTime(b.metadata.creationTimestamp) ?? 0);
  return d !== 0 ? d : (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** Largest first; among equals the newer first (upstream ReplicaSetsBySizeNewer). */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  const d = replicasOf(b) - replicasOf(a);
  return d !== 0 ? d : -byCreation(a, b);
}

/** Largest first; among equals the older first (upstream ReplicaSetsBySizeOlder). */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  const d = replicasOf(b) - replicasOf(a);
  return d !== 0 ? d : byCreation(a, b);
}

/** The single RS that should own every replica, if only one is active (upstream FindActiveOrLatest). */
export function findActiveOrLatest(
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => -byCreation(a, b));
  const active = filterActive([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/**
 * How many replicas this RS gains (or loses) when a scaling event is spread proportionally across RSs mid-rollout
 * (upstream GetProportion / getReplicaSetFraction), bounded by what is left to hand out.
 */
export function proportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const allowed = toAdd - added;
  const fraction = replicaSetFraction(rs, d);
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const replicas = replicasOf(d);
  if (replicas === 0) return -replicasOf(rs);
  const deploymentMax = replicas + maxSurge(d);
  // Without the annotation, fall back to the Deployment's last observed size, as upstream does.
  const annotated = maxReplicasAnnotation(rs) ?? d.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  const newSize = (replicasOf(rs) * deploymentMax) / annotated;
  return goRound(newSize) - replicasOf(rs);
}

/** Go's math.Round: halves away from zero (JS Math.round sends -2.5 to -2). */
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

function withoutHash(template: PodTemplateSpec): unknown {
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH];
  const metadata = { ...(template.metadata ?? {}), labels };
  if (Object.keys(labels).length === 0) delete (metadata as { labels?: unknown }).labels;
  return { ...template, metadata };
}

/** Same pod template apart from the pod-template-hash label (upstream EqualIgnoreHash). */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return deepEqual(withoutHash(a), withoutHash(b));
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined && !isEmptyMeta(ao[k]));
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined && !isEmptyMeta(bo[k]));
  if (ak.length !== bk.length) return false;
  return ak.every((k) => deepEqual(ao[k], bo[k]));
}

// `metadata: {}` and no metadata mean the same template; Go's deep-equal on typed structs agrees.
function isEmptyMeta(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}

/** The RS whose template matches the Deployment's, oldest first when several do (upstream FindNewReplicaSet). */
export function findNewReplicaSet(d: Deployment, replicaSets: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...replicaSets].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}
