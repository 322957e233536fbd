import { rfc3339 } from '../clock.js';
import { claim, ignoreGone } from './claim.js';
import type { ControllerContext } from '../machinery/controller-context.js';
import { Expectations } from '../machinery/expectations.js';
import { keyOf } from '../machinery/informer.js';
import { selectorMatches } from '../machinery/label-selector.js';
import { controllerRef, controllerRefTo } from '../machinery/owner-refs.js';
import { createGeneratedPod, podFromTemplate } from './pod-template.js';
import { compareForDeletion, isPodActive, isPodAvailable, isPodReady, msUntilAvailable } from './pod-util.js';
import { deepEqual, replicasOf } from './deployment-replicas.js';
import { errorText, omitZeros } from './omit-zeros.js';
import type { Pod, ReplicaSet, ReplicaSetStatus } from '../objects/index.js';

/** Upstream caps creations/deletions per sync so one huge scale-up cannot flood the API server. */
const BURST_REPLICAS = 500;

/**
 * The ReplicaSet controller (upstream pkg/controller/replicaset): keeps `spec.replicas` active pods matching the
 * selector, adopting orphans and releasing strays, creating pods `<rs>-xxxxx` in slow-start batches (1, 2, 4, ...),
 * deleting the cheapest pods first, and reporting replicas / fullyLabeledReplicas / readyReplicas /
 * availableReplicas / observedGeneration.
 */
export function startReplicaSetController(ctx: ControllerContext): void {
  const replicaSets = ctx.informer<ReplicaSet>('replicasets.apps');
  const pods = ctx.informer<Pod>('pods');
  const expectations = new Expectations(() => ctx.clock.now());
  const events = ctx.events.for('replicaset-controller');
  const queue = ctx.queue('replicaset', sync);

  replicaSets.onChange((e, old) => {
    const key = keyOf(e.object);
    if (e.type === 'DELETED') expectations.forget(key);
    // Status-only writes (ours) change nothing worth a resync unless the spec moved.
    if (e.type === 'MODIFIED' && old && onlyStatusChanged(old as ReplicaSet, e.object as ReplicaSet)) return;
    queue.add(key);
  });

  pods.onChange((e, old) => {
    const pod = e.object as Pod;
    const ref = controllerRef(pod);
    const oldRef = old ? controllerRef(old) : undefined;
    const ownerKey = (uid: string | undefined) => {
      const rs = uid ? replicaSets.getByUid(uid) : undefined;
      return rs ? keyOf(rs) : undefined;
    };
    const key = ref?.kind === 'ReplicaSet' ? ownerKey(ref.uid) : undefined;
    if (key) {
      if (e.type === 'ADDED') expectations.creationObserved(key);
      if (e.type === 'DELETED' && !old?.metadata.deletionTimestamp) expectations.deletionObserved(key);
      if (e.type === 'MODIFIED' && pod.metadata.deletionTimestamp && !old?.metadata.deletionTimestamp)
        expectations.deletionObserved(key);
      queue.add(key);
      // A pod that just turned ready becomes available minReadySeconds later; look again then.
      const rs = replicaSets.get(key);
      const wait = rs ? msUntilAvailable(pod, rs.spec.minReadySeconds ?? 0, ctx.clock.now()) : undefined;
      if (wait !== undefined) queue.addAfter(key, wait + 1);
    }
    if (oldRef && oldRef.uid !== ref?.uid && oldRef.kind === 'ReplicaSet') {
      const prev = ownerKey(oldRef.uid);
      if (prev) queue.add(prev);
    }
    if (!ref && e.type !== 'DELETED') {
      // An orphan: every ReplicaSet in its namespace whose selector matches may adopt it.
      for (const rs of replicaSets.inNamespace(pod.metadata.namespace ?? ''))
        if (selectorMatches(rs.spec.selector, pod.metadata.labels)) queue.add(keyOf(rs));
    }
  });

  async function sync(key: string): Promise<void> {
    const rs = replicaSets.get(key);
    if (!rs) {
      expectations.forget(key);
      return;
    }
    const needsSync = expectations.satisfied(key);
    const claimed = await claim(ctx, pods, rs, 'apps/v1', 'ReplicaSet', rs.spec.selector);
    const active = claimed.filter(isPodActive);
    let failure: Error | undefined;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      try {
        await manageReplicas(rs, key, active);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }
    }
    const now = ctx.clock.now();
    const minReady = rs.spec.minReadySeconds ?? 0;
    const status: ReplicaSetStatus = {
      replicas: active.length,
      fullyLabeledReplicas: active.filter((p) => templateLabelsMatch(rs, p)).length,
      readyReplicas: active.filter(isPodReady).length,
      availableReplicas: active.filter((p) => isPodAvailable(p, minReady, now)).length,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    if (failure) {
      status.conditions = [
        {
          type: 'ReplicaFailure',
          status: 'True',
          reason: failure.message.includes('delet') ? 'FailedDelete' : 'FailedCreate',
          message: failure.message,
          lastTransitionTime: rfc3339(now),
        },
      ];
    }
    const current = replicaSets.get(key);
    if (current && !sameStatus(current.status, status)) {
      await ctx.store.updateStatus('replicasets.apps', { ...current, status: omitZeros(status) }).catch(ignoreGone);
    }
    if (failure) throw failure;
  }

  async function manageReplicas(rs: ReplicaSet, key: string, active: Pod[]): Promise<void> {
    const diff = active.length - replicasOf(rs);
    if (diff < 0) {
      const count = Math.min(-diff, BURST_REPLICAS);
      expectations.expect(key, count, 0);
      const owner = controllerRefTo(rs, 'apps/v1', 'ReplicaSet');
      const template = podFromTemplate(rs.spec.template, rs.metadata.namespace ?? 'default', owner, '');
      let remaining = count;
      // Slow start: a batch that fails stops the rest, so a broken template costs one error, not hundreds.
      for (let batch = 1; remaining > 0; batch = Math.min(batch * 2, remaining)) {
        const size = Math.min(batch, remaining);
        const results = await Promise.allSettled(
          Array.from({ length: size }, () => createGeneratedPod(ctx, template, `${rs.metadata.name}-`)),
        );
        remaining -= size;
        let firstError: unknown;
        for (const r of results) {
          if (r.status === 'fulfilled')
            events.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${r.value.metadata.name}`);
          else {
            expectations.creationObserved(key);
            firstError ??= r.reason;
            events.event(rs, 'Warning', 'FailedCreate', `Error creating: ${errorText(r.reason)}`);
          }
        }
        if (firstError) {
          for (let i = 0; i < remaining; i++) expectations.creationObserved(key);
          throw new Error(`failed to create pods: ${errorText(firstError)}`);
        }
      }
    } else if (diff > 0) {
      const count = Math.min(diff, BURST_REPLICAS);
      const victims = [...active].sort((a, b) => compareForDeletion(a, b)).slice(0, count);
      expectations.expect(key, 0, count);
      const results = await Promise.allSettled(
        victims.map((p) =>
          ctx.store.delete('pods', p.metadata.namespace, p.metadata.name ?? '', { uid: p.metadata.uid }),
        ),
      );
      let firstError: unknown;
      results.forEach((r, i) => {
        const name = victims[i]!.metadata.name;
        if (r.status === 'fulfilled') events.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
        else {
          expectations.deletionObserved(key);
          try {
            ignoreGone(r.reason);
          } catch (error) {
            firstError ??= error;
            events.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${errorText(error)}`);
          }
        }
      });
      if (firstError) throw new Error(`failed to delete pods: ${errorText(firstError)}`);
    }
  }
}

function onlyStatusChanged(old: ReplicaSet, rs: ReplicaSet): boolean {
  return (
    old.metadata.deletionTimestamp === rs.metadata.deletionTimestamp &&
    deepEqual(old.metadata.labels, rs.metadata.labels) &&
    deepEqual(old.spec, rs.spec)
  );
}

function templateLabelsMatch(rs: ReplicaSet, pod: Pod): boolean {
  const want = rs.spec.template.metadata?.labels ?? {};
  const have = pod.metadata.labels ?? {};
  return Object.entries(want).every(([k, v]) => have[k] === v);
}

function sameStatus(a: ReplicaSetStatus | undefined, b: ReplicaSetStatus): boolean {
  if (!a) return false;
  return (
    a.replicas === b.replicas &&
    (a.fullyLabeledReplicas ?? 0) === b.fullyLabeledReplicas &&
    (a.readyReplicas ?? 0) === b.readyReplicas &&
    (a.availableReplicas ?? 0) === b.availableReplicas &&
    a.observedGeneration === b.observedGeneration &&
    deepEqual(
      (a.conditions ?? []).map((c) => [c.type, c.reason, c.message]),
      (b.conditions ?? []).map((c) => [c.type, c.reason, c.message]),
    )
  );
}
