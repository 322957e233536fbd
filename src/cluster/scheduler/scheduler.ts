import { rfc3339 } from '../clock.js';
import type { ControllerContext } from '../machinery/controller-context.js';
import { keyOf } from '../machinery/informer.js';
import { isReason } from '../machinery/store-port.js';
import type { Condition, Node, Pod, Taint, Toleration } from '../objects/index.js';
import { allocatablePods, NodePodCount } from './node-pod-count.js';

/**
 * The scheduler, for Wharf's single node (upstream default-scheduler, reduced to the filters a lesson can hit):
 * binds each pending pod that names no node (and no other scheduler) to a node that is schedulable, matches its
 * nodeSelector, has no NoSchedule/NoExecute taint it does not tolerate and has room for one more pod
 * (`allocatable.pods`: every pod is a container in the one emulated CPU, so several 100-replica Deployments must
 * not all start). Binding sets spec.nodeName and the PodScheduled condition and records `Scheduled`; when nothing
 * fits, the pod gets PodScheduled=False/Unschedulable and a `FailedScheduling` warning worded like upstream, and is
 * retried when a node changes or a pod gives its place up (deleted, or finished).
 */
export function startScheduler(ctx: ControllerContext): void {
  const pods = ctx.informer<Pod>('pods');
  const nodes = ctx.informer<Node>('nodes');
  const events = ctx.events.for('default-scheduler');
  const queue = ctx.queue('scheduler', schedule);
  const unschedulable = new Set<string>();
  const podCount = new NodePodCount();
  const retryUnschedulable = (): void => {
    for (const key of unschedulable) queue.add(key);
  };

  pods.onChange((e) => {
    const pod = e.object as Pod;
    const key = keyOf(pod);
    const placesBefore = podCount.on(pod.spec.nodeName ?? '');
    podCount.observe(pod, e.type === 'DELETED');
    // A place freed on a node: pods waiting for room may fit now.
    if (pod.spec.nodeName && podCount.on(pod.spec.nodeName) < placesBefore) retryUnschedulable();
    if (e.type === 'DELETED' || !needsScheduling(pod)) {
      unschedulable.delete(key);
      return;
    }
    queue.add(key);
  });
  nodes.onChange(retryUnschedulable);

  async function schedule(key: string): Promise<void> {
    const pod = pods.get(key);
    if (!pod || !needsScheduling(pod)) return;
    const candidates = nodes.list();
    const reasons = new Map<string, number>();
    const fit = candidates.find((node) => {
      const reason = whyNot(pod, node, podCount);
      if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      return !reason;
    });
    const now = rfc3339(ctx.clock.now());
    if (!fit) {
      unschedulable.add(key);
      const detail = [...reasons.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([reason, n]) => ` ${n} ${reason}.`)
        .join('');
      const message = `0/${candidates.length} nodes are available:${detail || ''}`;
      const current = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
      if (current?.status !== 'False' || current.message !== message) {
        events.event(pod, 'Warning', 'FailedScheduling', message);
        await writeCondition(pod, {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: now,
          reason: 'Unschedulable',
          message,
        });
      }
      return;
    }
    unschedulable.delete(key);
    const nodeName = fit.metadata.name ?? ctx.nodeName;
    // The binding subresource: nodeName and PodScheduled together, only if the pod is still unbound.
    try {
      await ctx.store.bind(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', nodeName, {
        uid: pod.metadata.uid,
        time: now,
      });
    } catch (error) {
      if (isReason(error, 'NotFound') || isReason(error, 'Conflict')) return;
      throw error;
    }
    podCount.assume(pod, nodeName);
    events.event(
      pod,
      'Normal',
      'Scheduled',
      `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
    );
  }

  async function writeCondition(pod: Pod, condition: Condition): Promise<void> {
    const conditions = [...(pod.status?.conditions ?? []).filter((c) => c.type !== condition.type), condition];
    await ctx.store
      .updateStatus('pods', { ...pod, status: { phase: 'Pending', ...(pod.status ?? {}), conditions } })
      .catch((error: unknown) => {
        if (!isReason(error, 'NotFound') && !isReason(error, 'Conflict')) throw error;
      });
  }
}

function needsScheduling(pod: Pod): boolean {
  const scheduler = pod.spec.schedulerName ?? 'default-scheduler';
  return !pod.spec.nodeName && !pod.metadata.deletionTimestamp && scheduler === 'default-scheduler';
}

/** Why a pod cannot go to this node, in upstream's words (its filters' order), or undefined when it fits. */
function whyNot(pod: Pod, node: Node, podCount: NodePodCount): string | undefined {
  if (
    node.spec?.unschedulable &&
    !tolerates(pod.spec.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })
  )
    return 'node(s) were unschedulable';
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {}))
    if (labels[k] !== v) return "node(s) didn't match node selector";
  if (!affinityMatches(pod, node)) return "node(s) didn't match node selector";
  for (const taint of node.spec?.taints ?? []) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerates(pod.spec.tolerations, taint))
      return `node(s) had taint {${taint.key}: ${taint.value ?? ''}}, that the pod didn't tolerate`;
  }
  const room = allocatablePods(node);
  if (room !== undefined && podCount.on(node.metadata.name ?? '') >= room) return 'Too many pods';
  return undefined;
}

function tolerates(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** requiredDuringSchedulingIgnoredDuringExecution: any term may match; within a term every requirement must. */
function affinityMatches(pod: Pod, node: Node): boolean {
  const affinity = pod.spec.affinity as
    | { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } } }
    | undefined;
  const terms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms?.length) return true;
  const labels = node.metadata.labels ?? {};
  const fields: Record<string, string> = { 'metadata.name': node.metadata.name ?? '' };
  return terms.some(
    (term) =>
      (term.matchExpressions?.length || term.matchFields?.length) &&
      (term.matchExpressions ?? []).every((r) => requirementMatches(r, labels)) &&
      (term.matchFields ?? []).every((r) => requirementMatches(r, fields)),
  );
}

function requirementMatches(r: NodeSelectorRequirement, values: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(values, r.key);
  const v = values[r.key];
  switch (r.operator) {
    case 'In':
      return has && (r.values ?? []).includes(v!);
    case 'NotIn':
      return !has || !(r.values ?? []).includes(v!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
      return has && Number(v) > Number(r.values?.[0]);
    case 'Lt':
      return has && Number(v) < Number(r.values?.[0]);
    default:
      return false;
  }
}
