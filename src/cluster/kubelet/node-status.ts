import type { DockerClient } from '../../docker/docker-client.js';
import { rfc3339 } from '../clock.js';
import type { Node } from '../objects/index.js';

export const KUBELET_VERSION = 'v1.20.2';

export interface NodeFacts {
  name: string;
  hostIP: string;
  podCIDR: string;
  /** Guest facts gathered once at start-up. */
  cpus: number;
  memoryBytes: number;
  kernelVersion: string;
  osImage: string;
  architecture: string;
  dockerVersion: string;
  bootId: string;
  machineId: string;
}

/** Read the node's facts from Docker (one `/info` and one `/version` call) and the guest's /proc. */
export async function gatherNodeFacts(
  docker: DockerClient,
  readFile: (path: string) => Promise<Uint8Array>,
  base: Pick<NodeFacts, 'name' | 'hostIP' | 'podCIDR'>,
): Promise<NodeFacts> {
  const [info, version] = await Promise.all([docker.info(), docker.version()]);
  const text = async (path: string) =>
    new TextDecoder().decode(await readFile(path).catch(() => new Uint8Array())).trim();
  const [bootId, machineId] = await Promise.all([text('/proc/sys/kernel/random/boot_id'), text('/etc/machine-id')]);
  const arch = info.Architecture === 'i686' || info.Architecture === 'i386' ? '386' : info.Architecture;
  return {
    ...base,
    cpus: info.NCPU,
    memoryBytes: info.MemTotal,
    kernelVersion: info.KernelVersion,
    osImage: info.OperatingSystem,
    architecture: arch,
    dockerVersion: version.Version,
    bootId,
    machineId,
  };
}

/** The Node object the kubelet registers and keeps Ready (what `kubectl get/describe node` show). */
export function nodeObject(facts: NodeFacts, now: number, readySince: number): Node {
  const memKi = `${Math.floor(facts.memoryBytes / 1024)}Ki`;
  const heartbeat = rfc3339(now);
  const since = rfc3339(readySince);
  const condition = (type: string, status: 'True' | 'False', reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: heartbeat,
    lastTransitionTime: since,
    reason,
    message,
  });
  const capacity = { cpu: String(facts.cpus), memory: memKi, pods: '110', 'ephemeral-storage': '1494820Ki' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: facts.name,
      labels: {
        'beta.kubernetes.io/arch': facts.architecture,
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': facts.architecture,
        'kubernetes.io/hostname': facts.name,
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/control-plane': '',
        'node-role.kubernetes.io/master': '',
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { podCIDR: facts.podCIDR, podCIDRs: [facts.podCIDR] },
    status: {
      capacity,
      allocatable: capacity,
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: facts.hostIP },
        { type: 'Hostname', address: facts.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: facts.machineId,
        systemUUID: facts.machineId,
        bootID: facts.bootId,
        kernelVersion: facts.kernelVersion,
        osImage: facts.osImage,
        containerRuntimeVersion: `docker://${facts.dockerVersion}`,
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: KUBELET_VERSION,
        operatingSystem: 'linux',
        architecture: facts.architecture,
      },
    },
  };
}
