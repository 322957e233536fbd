/** POST pods/<name>/binding: what the scheduler does to place a pod on a node, with upstream's conflict messages. */
import { rfc3339 } from '../clock.js';
import type { JsonObject, KubeObject } from '../objects/index.js';
import { thaw, type ObjectStore } from '../store/index.js';
import { ApiError, invalid } from './errors.js';

export function bindPod(store: ObjectStore, namespace: string, name: string, body: unknown, now: number): void {
  const target = (body as JsonObject | null)?.target as JsonObject | undefined;
  const node = target && typeof target === 'object' ? target.name : undefined;
  if (typeof node !== 'string' || !node) {
    throw invalid('Binding', '', name, [{ type: 'Required', field: 'target.name', detail: '' }]);
  }
  store.guaranteedUpdate('pods', namespace, name, (pod) => {
    const spec = (pod.spec ?? {}) as JsonObject;
    if (spec.nodeName) {
      throw new ApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${String(spec.nodeName)}"`,
      );
    }
    if (pod.metadata.deletionTimestamp) {
      throw new ApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is being deleted, cannot be assigned to a host`,
      );
    }
    const next = thaw(pod) as KubeObject;
    (next.spec as JsonObject).nodeName = node;
    const status = (next.status ??= {}) as JsonObject;
    const conditions = ((status.conditions as JsonObject[] | undefined) ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: rfc3339(now),
    });
    status.conditions = conditions;
    return next;
  });
}
