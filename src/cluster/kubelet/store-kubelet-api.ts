import type { Clock } from '../clock.js';
import { EventRecorder } from '../machinery/event-recorder.js';
import { isReason, type StorePort } from '../machinery/store-port.js';
import type { ConfigMap, Node, Pod, Secret } from '../objects/index.js';
import type { KubeletApi } from './kubelet-api.js';

/**
 * The kubelet's API port on the control plane's store (the same {@link StorePort} the controllers use), with
 * events written by the shared recorder under the component name `kubelet`.
 */
export function storeKubeletApi(
  store: StorePort,
  clock: Clock,
  recorder = new EventRecorder(store, clock),
): KubeletApi {
  const events = recorder.for('kubelet');
  return {
    watchPods(nodeName, listener) {
      const stop = store.listAndWatch('pods', (e) => {
        const pod = e.object as Pod;
        if (pod.spec?.nodeName === nodeName) listener(e.type, pod);
      });
      return { dispose: stop };
    },
    async configMap(namespace, name) {
      return store.get('configmaps', namespace, name) as ConfigMap | undefined;
    },
    async secret(namespace, name) {
      return store.get('secrets', namespace, name) as Secret | undefined;
    },
    async updatePodStatus(pod, status) {
      const { namespace = 'default', name = '', uid } = pod.metadata;
      for (let attempt = 0; attempt < 5; attempt++) {
        const fresh = store.get('pods', namespace, name);
        if (!fresh || fresh.metadata.uid !== uid) return;
        try {
          await store.updateStatus('pods', { ...fresh, status });
          return;
        } catch (error) {
          if (isReason(error, 'NotFound')) return;
          if (!isReason(error, 'Conflict')) throw error;
        }
      }
      throw new Error(`pod ${namespace}/${name}: status update kept conflicting`);
    },
    async removePod(pod) {
      const { namespace = 'default', name = '', uid } = pod.metadata;
      try {
        await store.delete('pods', namespace, name, { uid, gracePeriodSeconds: 0 });
      } catch (error) {
        if (!isReason(error, 'NotFound') && !isReason(error, 'Conflict')) throw error;
      }
    },
    recordEvent(involved, type, reason, message) {
      events.event(
        {
          apiVersion: involved.apiVersion ?? 'v1',
          kind: involved.kind,
          metadata: {
            name: involved.name,
            namespace: involved.namespace,
            uid: involved.uid,
            resourceVersion: involved.resourceVersion,
          },
        },
        type,
        reason,
        message,
      );
    },
    async updateNode(node: Node) {
      const name = node.metadata.name ?? '';
      const current = store.get('nodes', undefined, name);
      if (!current) {
        await store.create('nodes', node).catch((error: unknown) => {
          if (!isReason(error, 'AlreadyExists')) throw error;
        });
      } else {
        const labels = { ...current.metadata.labels, ...node.metadata.labels };
        const annotations = { ...current.metadata.annotations, ...node.metadata.annotations };
        await store.update('nodes', {
          ...current,
          metadata: { ...current.metadata, labels, annotations },
          spec: { ...(current.spec as object), ...node.spec },
        });
      }
      const fresh = store.get('nodes', undefined, name);
      if (fresh) await store.updateStatus('nodes', { ...fresh, status: node.status });
    },
  };
}
