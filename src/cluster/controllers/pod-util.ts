import { parseTime } from '../clock.js';
import type { Pod } from '../objects/index.js';

/** Upstream podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** When the pod last became Ready (lastTransitionTime of its Ready condition). */
export function podReadySince(pod: Pod): number | undefined {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True');
  return parseTime(ready?.lastTransitionTime);
}

/**
 * Upstream podutil.IsPodAvailable: ready for at least minReadySeconds. With minReadySeconds 0 readiness is enough;
 * otherwise the pod counts once `now` is past its Ready transition plus the delay.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = podReadySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 <= now;
}

/** Milliseconds until a ready pod becomes available, or undefined when it already is or is not ready. */
export function msUntilAvailable(pod: Pod, minReadySeconds: number, now: number): number | undefined {
  if (minReadySeconds <= 0 || !isPodReady(pod)) return undefined;
  const since = podReadySince(pod);
  if (since === undefined) return undefined;
  const left = since + minReadySeconds * 1000 - now;
  return left > 0 ? left : undefined;
}

/** Upstream controller.IsPodActive: not finished and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

function phaseRank(pod: Pod): number {
  // Pending < Unknown < Running: a pod that is not running yet is the cheapest to lose.
  switch (pod.status?.phase) {
    case 'Pending':
    case undefined:
      return 0;
    case 'Unknown':
      return 1;
    case 'Running':
      return 2;
    default:
      return 3;
  }
}

function restarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
}

/**
 * Which pods a ReplicaSet deletes first when scaling down (upstream ActivePodsWithRanks.Less): unscheduled before
 * scheduled, Pending before Unknown before Running, not-ready before ready, pods sharing a node with more siblings
 * first (`rank`), recently-ready before long-ready, more restarts before fewer, newer before older.
 * Returns a negative number when `a` should go first.
 */
export function compareForDeletion(a: Pod, b: Pod, rank: (p: Pod) => number = () => 0): number {
  const aNode = a.spec.nodeName ? 1 : 0;
  const bNode = b.spec.nodeName ? 1 : 0;
  if (aNode !== bNode) return aNode - bNode;
  const phase = phaseRank(a) - phaseRank(b);
  if (phase !== 0) return phase;
  const aReady = isPodReady(a) ? 1 : 0;
  const bReady = isPodReady(b) ? 1 : 0;
  if (aReady !== bReady) return aReady - bReady;
  const ranks = rank(b) - rank(a);
  if (ranks !== 0) return ranks;
  if (aReady && bReady) {
    const aSince = podReadySince(a) ?? 0;
    const bSince = podReadySince(b) ?? 0;
    if (aSince !== bSince) return bSince - aSince;
  }
  const restartDiff = restarts(b) - restarts(a);
  if (restartDiff !== 0) return restartDiff;
  const aCreated = parseTime(a.metadata.creationTimestamp) ?? 0;
  const bCreated = parseTime(b.metadata.creationTimestamp) ?? 0;
  return bCreated - aCreated;
}
