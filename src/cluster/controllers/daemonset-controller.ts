import { claim, ignoreGone } from './claim.js';
import type { ControllerContext } from '../machinery/controller-context.js';
import { REVISION_HASH_LABEL, syncRevision } from './controller-history.js';
import { deepEqual } from './deployment-replicas.js';
import { keyOf } from '../machinery/informer.js';
import { errorText } from './omit-zeros.js';
import { controllerRef, controllerRefTo } from '../machinery/owner-refs.js';
import { createGeneratedPod, podFromTemplate } from './pod-template.js';
import { isPodAvailable, isPodReady } from './pod-util.js';
import type { DaemonSet, Node, Pod, Toleration } from '../objects/index.js';

export const DAEMONSETS = 'daemonsets.apps';

/** Tolerations every daemon pod gets (upstream daemon util AddOrUpdateDaemonPodTolerations). */
const DAEMON_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

/**
 * The DaemonSet controller (upstream pkg/controller/daemon): one pod `<ds>-xxxxx` on every node that matches the
 * template's nodeSelector and whose taints it tolerates, pinned there by a required node affinity on
 * `metadata.name` (the scheduler binds it, as since 1.17). Template changes roll out node by node within
 * maxUnavailable (RollingUpdate) or wait for manual deletes (OnDelete). Status counts as `kubectl get ds` shows them.
 */
export function startDaemonSetController(ctx: ControllerContext): void {
  const sets = ctx.informer<DaemonSet>(DAEMONSETS);
  const pods = ctx.informer<Pod>('pods');
  const nodes = ctx.informer<Node>('nodes');
  const events = ctx.events.for('daemonset-controller');
  const queue = ctx.queue('daemonset', sync);

  sets.onChange((e) => queue.add(keyOf(e.object)));
  nodes.onChange(() => {
    for (const ds of sets.list()) queue.add(keyOf(ds));
  });
  pods.onChange((e) => {
    const ref = controllerRef(e.object);
    const ds = ref?.kind === 'DaemonSet' ? sets.getByUid(ref.uid) : undefined;
    if (ds) queue.add(keyOf(ds));
  });

  async function sync(key: string): Promise<void> {
    const ds = sets.get(key);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const owned = await claim(ctx, pods, ds, 'apps/v1', 'DaemonSet', ds.spec.selector);
    const inUse = new Set(owned.map((p) => `${ds.metadata.name}-${p.metadata.labels?.[REVISION_HASH_LABEL] ?? ''}`));
    const { hash } = await syncRevision(ctx, ds, 'DaemonSet', ds.spec.selector.matchLabels ?? {}, inUse);
    const now = ctx.clock.now();
    const minReady = ds.spec.minReadySeconds ?? 0;
    const byNode = new Map<string, Pod[]>();
    for (const pod of owned) {
      const node = targetNode(pod);
      if (!node) continue;
      byNode.set(node, [...(byNode.get(node) ?? []), pod]);
    }
    let desired = 0;
    let scheduled = 0;
    let misscheduled = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    const outdated: Pod[] = [];
    let unavailable = 0;
    for (const node of nodes.list()) {
      const nodeName = node.metadata.name ?? '';
      const here = (byNode.get(nodeName) ?? []).filter((p) => !p.metadata.deletionTimestamp);
      const wanted = shouldRun(ds, node);
      if (!wanted) {
        if (here.length) misscheduled++;
        for (const pod of here) await deletePod(ds, pod);
        continue;
      }
      desired++;
      const alive = here.filter((p) => p.status?.phase !== 'Failed');
      for (const pod of here.filter((p) => p.status?.phase === 'Failed')) await deletePod(ds, pod);
      if (alive.length === 0) {
        unavailable++;
        if (here.length === 0 || here.every((p) => p.status?.phase === 'Failed')) await createPod(ds, nodeName, hash);
        continue;
      }
      scheduled++;
      // More than one daemon pod on a node: keep the oldest.
      alive.sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
      for (const extra of alive.slice(1)) await deletePod(ds, extra);
      const pod = alive[0]!;
      if (isPodReady(pod)) ready++;
      const isAvailable = isPodAvailable(pod, minReady, now);
      if (isAvailable) available++;
      else unavailable++;
      if (pod.metadata.labels?.[REVISION_HASH_LABEL] === hash) updated++;
      else outdated.push(pod);
    }
    if ((ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const max = maxUnavailable(ds, desired);
      // Unready old pods cost nothing to replace; then ready ones while the budget allows.
      outdated.sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)));
      let budget = max - unavailable;
      for (const pod of outdated) {
        if (isPodAvailable(pod, minReady, now)) {
          if (budget <= 0) break;
          budget--;
        }
        await deletePod(ds, pod);
      }
    }
    const status: Record<string, unknown> = {
      currentNumberScheduled: scheduled,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
      observedGeneration: ds.metadata.generation ?? 1,
      updatedNumberScheduled: updated,
      numberAvailable: available,
      numberUnavailable: desired - available,
    };
    for (const k of ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'])
      if (status[k] === 0) delete status[k];
    const latest = sets.get(key);
    if (latest && !deepEqual(latest.status ?? {}, status))
      await ctx.store.updateStatus(DAEMONSETS, { ...latest, status }).catch(ignoreGone);
  }

  async function createPod(ds: DaemonSet, nodeName: string, hash: string): Promise<void> {
    const pod = podFromTemplate(
      ds.spec.template,
      ds.metadata.namespace ?? 'default',
      controllerRefTo(ds, 'apps/v1', 'DaemonSet'),
      '',
    );
    pod.metadata.labels = {
      ...pod.metadata.labels,
      [REVISION_HASH_LABEL]: hash,
      'pod-template-generation': String(ds.metadata.generation ?? 1),
    };
    pod.spec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
        },
      },
    };
    const tolerations = [...(pod.spec.tolerations ?? [])];
    for (const t of DAEMON_TOLERATIONS)
      if (!tolerations.some((x) => x.key === t.key && x.effect === t.effect)) tolerations.push(t);
    pod.spec.tolerations = tolerations;
    try {
      const created = await createGeneratedPod(ctx, pod, `${ds.metadata.name}-`);
      events.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (error) {
      events.event(ds, 'Warning', 'FailedCreate', `Error creating: ${errorText(error)}`);
      throw error;
    }
  }

  async function deletePod(ds: DaemonSet, pod: Pod): Promise<void> {
    await ctx.store
      .delete('pods', pod.metadata.namespace, pod.metadata.name ?? '', { uid: pod.metadata.uid })
      .catch(ignoreGone);
    events.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
  }
}

/** The node a daemon pod is bound to, or pinned to by its node affinity while still unscheduled. */
function targetNode(pod: Pod): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  const affinity = pod.spec.affinity as
    | {
        nodeAffinity?: {
          requiredDuringSchedulingIgnoredDuringExecution?: {
            nodeSelectorTerms?: { matchFields?: { key: string; values?: string[] }[] }[];
          };
        };
      }
    | undefined;
  for (const term of affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [])
    for (const f of term.matchFields ?? []) if (f.key === 'metadata.name' && f.values?.length) return f.values[0];
  return undefined;
}

function shouldRun(ds: DaemonSet, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  const selector = ds.spec.template.spec?.nodeSelector ?? {};
  if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) return false;
  const tolerations = [...(ds.spec.template.spec?.tolerations ?? []), ...DAEMON_TOLERATIONS];
  return (node.spec?.taints ?? [])
    .filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')
    .every((t) =>
      tolerations.some((x) => {
        if (x.effect && x.effect !== t.effect) return false;
        if (x.operator === 'Exists') return !x.key || x.key === t.key;
        return x.key === t.key && (x.value ?? '') === (t.value ?? '');
      }),
    );
}

function maxUnavailable(ds: DaemonSet, desired: number): number {
  const v = ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1;
  if (typeof v === 'number') return Math.max(1, v);
  const m = /^(\d+)%$/.exec(v);
  return m ? Math.max(1, Math.floor((Number(m[1]) * desired) / 100)) : 1;
}
