/**
 * What a fresh cluster has before anyone touches it: the four system namespaces, the `kubernetes` Service at
 * 10.96.0.1:443 with its Endpoints pointing at this API server, and (until a kubelet registers itself) a Ready Node.
 */
import { rfc3339 } from '../clock.js';
import { HOST_IP, HOST_PORTS, GUEST_IP } from '../../protocol/network.js';
import type { ResourceRegistry } from './resource-registry.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function seedCluster(registry: ResourceRegistry, options: { nodeName?: string; seedNode?: boolean } = {}): void {
  const ns = registry.byKey('namespaces');
  for (const name of SYSTEM_NAMESPACES) {
    if (!registry.store.get('namespaces', undefined, name)) {
      registry.create(ns, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
  }
  const services = registry.byKey('services');
  if (!registry.store.get('services', 'default', 'kubernetes')) {
    registry.create(services, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: {
        clusterIP: '10.96.0.1',
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: HOST_PORTS.kubernetesApi }],
      },
    });
  }
  if (!registry.store.get('endpoints', 'default', 'kubernetes')) {
    registry.create(registry.byKey('endpoints'), 'default', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'kubernetes', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [
        { addresses: [{ ip: HOST_IP }], ports: [{ name: 'https', port: HOST_PORTS.kubernetesApi, protocol: 'TCP' }] },
      ],
    });
  }
  const nodeName = options.nodeName ?? 'wharf';
  let nodeUid = registry.store.get('nodes', undefined, nodeName)?.metadata.uid;
  if (options.seedNode !== false && !nodeUid) {
    nodeUid = registry.create(registry.byKey('nodes'), undefined, staticNode(nodeName, registry.now())).metadata.uid;
  }
  // The node's heartbeat Lease (describe node shows it). A kubelet renews it; seeded either way so it exists.
  if (!registry.store.get('leases.coordination.k8s.io', 'kube-node-lease', nodeName)) {
    registry.create(registry.byKey('leases.coordination.k8s.io'), 'kube-node-lease', {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: nodeName,
        ...(nodeUid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }] } : {}),
      },
      spec: {
        holderIdentity: nodeName,
        leaseDurationSeconds: 40,
        // metav1.MicroTime: microsecond precision.
        renewTime: new Date(registry.now()).toISOString().replace('Z', '000Z'),
      },
    });
  }
}

/** A Ready node with the labels kubeadm gives a single control-plane node (no NoSchedule taint: pods run here). */
export function staticNode(name: string, now: number): Record<string, unknown> {
  const time = rfc3339(now);
  const condition = (type: string, status: string, reason: string, message: string): Record<string, unknown> => ({
    type,
    status,
    lastHeartbeatTime: time,
    lastTransitionTime: time,
    reason,
    message,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'beta.kubernetes.io/arch': '386',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': '386',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/control-plane': '',
        'node-role.kubernetes.io/master': '',
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] },
    status: {
      capacity: { cpu: '1', 'ephemeral-storage': '2048000Ki', memory: '1024000Ki', pods: '110' },
      allocatable: { cpu: '1', 'ephemeral-storage': '2048000Ki', memory: '921600Ki', pods: '110' },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: GUEST_IP },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: '',
        systemUUID: '',
        bootID: '',
        kernelVersion: '6.1.0-wharf',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'docker://20.10.24',
        kubeletVersion: 'v1.20.2',
        kubeProxyVersion: 'v1.20.2',
        operatingSystem: 'linux',
        architecture: '386',
      },
    },
  };
}
