import type { Disposable } from '../../protocol/byte-stream.js';
import type { ObjectSource } from './env.js';
import type { Node, ObjectReference, Pod, PodStatus, WatchEvent } from '../objects/index.js';

/**
 * What the kubelet needs from the API server, as a narrow port: the composition root adapts the real store to it
 * (see store-kubelet-api.ts), and the kubelet never sees HTTP or storage details.
 */
export interface KubeletApi extends ObjectSource {
  /** Pods bound to `nodeName`: ADDED for each existing one first, then changes. */
  watchPods(nodeName: string, listener: (type: WatchEvent['type'], pod: Pod) => void): Disposable;
  /** Write the pod's status (only status; retried on conflicts). Resolves quietly if the pod is gone. */
  updatePodStatus(pod: Pod, status: PodStatus): Promise<void>;
  /** Finish a graceful deletion once the pod's containers are gone (delete with grace period 0, uid precondition). */
  removePod(pod: Pod): Promise<void>;
  /** Record an Event (repeats of the same reason and message are counted, not duplicated). */
  recordEvent(involved: ObjectReference, type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** Create the Node object or replace its status. */
  updateNode(node: Node): Promise<void>;
}

/** The involved-object reference for a pod (or one of its containers via `fieldPath`). */
export function podRef(pod: Pod, container?: string, init = false): ObjectReference {
  const ref: ObjectReference = {
    kind: 'Pod',
    apiVersion: 'v1',
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    uid: pod.metadata.uid,
    resourceVersion: pod.metadata.resourceVersion,
  };
  if (container) {
    const list = init ? pod.spec.initContainers : pod.spec.containers;
    const index = list?.findIndex((c) => c.name === container) ?? -1;
    ref.fieldPath = `spec.${init ? 'initContainers' : 'containers'}{${container}}`;
    if (index < 0) delete ref.fieldPath;
  }
  return ref;
}
