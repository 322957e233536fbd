import { claim, ignoreGone } from './claim.js';
import type { ControllerContext } from '../machinery/controller-context.js';
import { REVISION_HASH_LABEL, syncRevision } from './controller-history.js';
import { deepEqual } from './deployment-replicas.js';
import { keyOf } from '../machinery/informer.js';
import { selectorMatches } from '../machinery/label-selector.js';
import { controllerRef, controllerRefTo } from '../machinery/owner-refs.js';
import { podFromTemplate } from './pod-template.js';
import { isPodReady } from './pod-util.js';
import { isReason } from '../machinery/store-port.js';
import type { Pod, StatefulSet } from '../objects/index.js';

export const STATEFULSETS = 'statefulsets.apps';
const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';

/**
 * The StatefulSet controller (upstream pkg/controller/statefulset): pods with stable names `<set>-0 .. <set>-N-1`,
 * hostname/subdomain for per-pod DNS, a PersistentVolumeClaim `<claim>-<set>-<ordinal>` per volumeClaimTemplate.
 * OrderedReady (the default) creates one pod at a time, each only once the previous is Running and Ready, and
 * removes from the highest ordinal down; Parallel does all at once. RollingUpdate replaces pods from the highest
 * ordinal down to `partition`, one at a time; OnDelete waits for the user. Status and revisions as upstream.
 */
export function startStatefulSetController(ctx: ControllerContext): void {
  const sets = ctx.informer<StatefulSet>(STATEFULSETS);
  const pods = ctx.informer<Pod>('pods');
  const events = ctx.events.for('statefulset-controller');
  const queue = ctx.queue('statefulset', sync);
  const haveClaims = ctx.store.resources().some((r) => r.resource === 'persistentvolumeclaims');

  sets.onChange((e) => queue.add(keyOf(e.object)));
  pods.onChange((e) => {
    const ref = controllerRef(e.object);
    const set = ref?.kind === 'StatefulSet' ? sets.getByUid(ref.uid) : undefined;
    if (set) queue.add(keyOf(set));
    else if (!ref && e.type !== 'DELETED')
      for (const s of sets.inNamespace(e.object.metadata.namespace ?? ''))
        if (selectorMatches(s.spec.selector, e.object.metadata.labels)) queue.add(keyOf(s));
  });

  async function sync(key: string): Promise<void> {
    const set = sets.get(key);
    if (!set || set.metadata.deletionTimestamp) return;
    const name = set.metadata.name ?? '';
    const owned = await claim(ctx, pods, set, 'apps/v1', 'StatefulSet', set.spec.selector);
    const inUse = new Set(owned.map((p) => p.metadata.labels?.[REVISION_HASH_LABEL] ?? ''));
    const update = await syncRevision(ctx, set, 'StatefulSet', set.spec.selector.matchLabels ?? {}, inUse);
    const current = (set.status?.currentRevision as string | undefined) ?? update.name;
    const replicas = set.spec.replicas ?? 1;
    const ordered = (set.spec.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    const byOrdinal = new Map<number, Pod>();
    const condemned: Pod[] = [];
    for (const pod of owned) {
      const ordinal = ordinalOf(name, pod.metadata.name ?? '');
      if (ordinal === undefined) continue;
      if (ordinal < replicas) byOrdinal.set(ordinal, pod);
      else condemned.push(pod);
    }
    condemned.sort((a, b) => ordinalOf(name, b.metadata.name ?? '')! - ordinalOf(name, a.metadata.name ?? '')!);
    const runningReady = (p: Pod) => p.status?.phase === 'Running' && isPodReady(p) && !p.metadata.deletionTimestamp;
    const partition = set.spec.updateStrategy?.rollingUpdate?.partition ?? 0;

    await (async () => {
      for (let i = 0; i < replicas; i++) {
        const pod = byOrdinal.get(i);
        if (!pod) {
          await createPod(set, i, i < partition ? current : update.name);
          if (ordered) return;
          continue;
        }
        if (pod.status?.phase === 'Failed' && !pod.metadata.deletionTimestamp) {
          await deletePod(set, pod);
          if (ordered) return;
          continue;
        }
        if (ordered && !runningReady(pod)) return;
      }
      for (const pod of condemned) {
        if (pod.metadata.deletionTimestamp) {
          if (ordered) return;
          continue;
        }
        if (ordered && [...byOrdinal.values()].some((p) => !runningReady(p))) return;
        await deletePod(set, pod);
        if (ordered) return;
      }
      if ((set.spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
      if ([...byOrdinal.values()].some((p) => !runningReady(p)) || byOrdinal.size < replicas) return;
      for (let i = replicas - 1; i >= partition; i--) {
        const pod = byOrdinal.get(i)!;
        if (pod.metadata.labels?.[REVISION_HASH_LABEL] !== update.name) {
          await deletePod(set, pod);
          return;
        }
      }
    })();

    const live = owned;
    const updated = live.filter((p) => p.metadata.labels?.[REVISION_HASH_LABEL] === update.name).length;
    const status: Record<string, unknown> = {
      observedGeneration: set.metadata.generation ?? 1,
      replicas: live.length,
      readyReplicas: live.filter(isPodReady).length,
      currentReplicas: live.filter((p) => p.metadata.labels?.[REVISION_HASH_LABEL] === current).length,
      updatedReplicas: updated,
      currentRevision: updated === replicas && live.length === replicas ? update.name : current,
      updateRevision: update.name,
      collisionCount: 0,
    };
    if (status.currentRevision === update.name) status.currentReplicas = updated;
    for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas']) if (status[k] === 0) delete status[k];
    const latest = sets.get(key);
    if (latest && !deepEqual(latest.status ?? {}, status))
      await ctx.store.updateStatus(STATEFULSETS, { ...latest, status }).catch(ignoreGone);
  }

  async function createPod(set: StatefulSet, ordinal: number, revision: string): Promise<void> {
    const setName = set.metadata.name ?? '';
    const podName = `${setName}-${ordinal}`;
    const namespace = set.metadata.namespace ?? 'default';
    const pod = podFromTemplate(set.spec.template, namespace, controllerRefTo(set, 'apps/v1', 'StatefulSet'), podName);
    pod.metadata.labels = { ...pod.metadata.labels, [REVISION_HASH_LABEL]: revision, [POD_NAME_LABEL]: podName };
    pod.spec.hostname = podName;
    if (set.spec.serviceName) pod.spec.subdomain = set.spec.serviceName;
    const volumes = ((pod.spec.volumes as { name: string }[] | undefined) ?? []).slice();
    for (const template of set.spec.volumeClaimTemplates ?? []) {
      const claimName = `${template.metadata.name}-${podName}`;
      if (haveClaims && !ctx.store.get('persistentvolumeclaims', namespace, claimName)) {
        try {
          await ctx.store.create('persistentvolumeclaims', {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: { name: claimName, namespace, labels: { ...(set.spec.selector.matchLabels ?? {}) } },
            spec: structuredClone(template.spec),
            status: { phase: 'Pending' },
          });
          events.event(
            set,
            'Normal',
            'SuccessfulCreate',
            `create Claim ${claimName} Pod ${podName} in StatefulSet ${setName} success`,
          );
        } catch (error) {
          if (!isReason(error, 'AlreadyExists')) throw error;
        }
      }
      const volume = { name: template.metadata.name ?? '', persistentVolumeClaim: { claimName } };
      const at = volumes.findIndex((v) => v.name === volume.name);
      if (at >= 0) volumes[at] = volume;
      else volumes.push(volume);
    }
    if (volumes.length) pod.spec.volumes = volumes;
    try {
      await ctx.store.create('pods', pod);
      events.event(set, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${setName} successful`);
    } catch (error) {
      if (isReason(error, 'AlreadyExists')) return;
      events.event(
        set,
        'Warning',
        'FailedCreate',
        `create Pod ${podName} in StatefulSet ${setName} failed error: ${String(error)}`,
      );
      throw error;
    }
  }

  async function deletePod(set: StatefulSet, pod: Pod): Promise<void> {
    await ctx.store
      .delete('pods', pod.metadata.namespace, pod.metadata.name ?? '', { uid: pod.metadata.uid })
      .catch(ignoreGone);
    events.event(
      set,
      'Normal',
      'SuccessfulDelete',
      `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`,
    );
  }
}

function ordinalOf(setName: string, podName: string): number | undefined {
  if (!podName.startsWith(`${setName}-`)) return undefined;
  const rest = podName.slice(setName.length + 1);
  return /^\d+$/.test(rest) ? Number(rest) : undefined;
}
