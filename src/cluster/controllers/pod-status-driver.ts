import { rfc3339, type Clock } from '../clock.js';
import type { StorePort } from '../machinery/store-port.js';
import { isReason } from '../machinery/store-port.js';
import type { Pod } from '../objects/index.js';

export interface PodStatusDriverOptions {
  /** Mark bound pods Running and Ready. @default true */
  ready?: boolean;
  /** Finish graceful deletions at once (what the kubelet does once containers stop). @default true */
  finishDeletes?: boolean;
}

/**
 * TEST AND BENCH ONLY: a stand-in for the kubelet so the control plane can be exercised without a VM. Pods bound to a
 * node become Running with Ready=True and a pod IP; pods marked for deletion are removed. In production the kubelet
 * (src/cluster/kubelet) does this from real container state.
 */
export function startPodStatusDriver(store: StorePort, clock: Clock, options: PodStatusDriverOptions = {}): () => void {
  const ready = options.ready ?? true;
  const finishDeletes = options.finishDeletes ?? true;
  let ip = 0;
  const ignore = (error: unknown) => {
    if (!isReason(error, 'NotFound') && !isReason(error, 'Conflict')) throw error;
  };
  return store.listAndWatch('pods', (e) => {
    if (e.type === 'DELETED') return;
    const pod = e.object as Pod;
    if (pod.metadata.deletionTimestamp) {
      if (finishDeletes)
        void store
          .delete('pods', pod.metadata.namespace, pod.metadata.name ?? '', {
            uid: pod.metadata.uid,
            gracePeriodSeconds: 0,
          })
          .catch(ignore);
      return;
    }
    if (!ready || !pod.spec.nodeName || (pod.status?.phase ?? 'Pending') !== 'Pending') return;
    if (!pod.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'True')) return;
    const now = rfc3339(clock.now());
    ip++;
    const podIP = `10.244.${(ip >> 8) & 255}.${ip & 255}`;
    const cond = (type: string) => ({ type, status: 'True' as const, lastProbeTime: null, lastTransitionTime: now });
    void store
      .updateStatus('pods', {
        ...pod,
        status: {
          ...pod.status,
          phase: 'Running',
          hostIP: '192.168.86.100',
          podIP,
          podIPs: [{ ip: podIP }],
          startTime: now,
          conditions: [cond('Initialized'), cond('Ready'), cond('ContainersReady'), cond('PodScheduled')],
          containerStatuses: pod.spec.containers.map((c) => ({
            name: c.name,
            ready: true,
            restartCount: 0,
            started: true,
            image: c.image,
            imageID: '',
            state: { running: { startedAt: now } },
          })),
        },
      })
      .catch(ignore);
  });
}
