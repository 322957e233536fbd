import type { Pod } from '../objects/index.js';

/**
 * How pods show up in `docker ps`: dockershim's naming and labels, so the guest reads like a real Docker-based node
 * and the kubelet can find its containers again after a restart (state lives in Docker, not in kubelet memory).
 */
export const LABELS = {
  podName: 'io.kubernetes.pod.name',
  podNamespace: 'io.kubernetes.pod.namespace',
  podUid: 'io.kubernetes.pod.uid',
  containerName: 'io.kubernetes.container.name',
  /** `podsandbox` for the network holder, `container` for the pod's own containers. */
  dockerType: 'io.kubernetes.docker.type',
  restartCount: 'io.kubernetes.container.restartCount',
  /** `init` for init containers (their statuses go to initContainerStatuses). */
  containerKind: 'io.kubernetes.container.kind',
  podIp: 'io.kubernetes.pod.ip',
} as const;

/** The name dockershim used for the infrastructure ("pause") container; we use it for our sandbox too. */
export const SANDBOX_CONTAINER = 'POD';

/** `k8s_<container>_<pod>_<namespace>_<uid>_<attempt>` (what `docker ps` shows on a Docker-based node). */
export function containerName(pod: Pod, container: string, attempt: number): string {
  return `k8s_${container}_${pod.metadata.name}_${pod.metadata.namespace ?? 'default'}_${pod.metadata.uid}_${attempt}`;
}

export function podLabels(pod: Pod, container: string, type: 'podsandbox' | 'container'): Record<string, string> {
  return {
    [LABELS.podName]: pod.metadata.name ?? '',
    [LABELS.podNamespace]: pod.metadata.namespace ?? 'default',
    [LABELS.podUid]: pod.metadata.uid ?? '',
    [LABELS.containerName]: container,
    [LABELS.dockerType]: type,
  };
}

/** Parse a container name back (Docker reports names with a leading slash). */
export function parseContainerName(
  name: string,
): { container: string; pod: string; namespace: string; uid: string; attempt: number } | undefined {
  const m = /^\/?k8s_([^_]+)_([^_]+)_([^_]+)_([^_]+)_(\d+)$/.exec(name);
  if (!m) return undefined;
  return { container: m[1]!, pod: m[2]!, namespace: m[3]!, uid: m[4]!, attempt: Number(m[5]) };
}

export const podKey = (namespace: string, name: string): string => `${namespace}/${name}`;
