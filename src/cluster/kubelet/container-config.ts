import type { ContainerCreateBody } from '../../docker/types.js';
import { expand } from './env.js';
import type { Container, Pod } from '../objects/index.js';
import { LABELS, podLabels } from './names.js';
import { cpuShares, memoryBytes, nanoCpus } from './quantity.js';

/** Where the container's network comes from. */
export type PodNetwork =
  /** This container holds the pod's network namespace: it joins the pod network with the pod's IP. */
  | { kind: 'owner'; network: string; ip: string }
  /** Join the network namespace of the pod's first container or sandbox (`NetworkMode: container:<id>`). */
  | { kind: 'join'; containerId: string };

export interface ContainerConfigInput {
  pod: Pod;
  container: Container;
  /** `NAME=value` entries, already resolved (see resolveEnv). */
  env: string[];
  /** `host:container[:ro]` bind mounts for the container's volumeMounts. */
  binds: string[];
  network: PodNetwork;
  /** Guest path of the pod's resolv.conf (cluster DNS), mounted over /etc/resolv.conf. */
  resolvConf: string;
  restartCount: number;
  init?: boolean;
}

/**
 * Map a pod's container to `docker create`: Kubernetes `command` replaces the image ENTRYPOINT and `args` its CMD
 * (with `$(VAR)` expanded from the container's env), limits become cgroup settings, and the labels let `docker ps`
 * and a restarted kubelet know which pod each container belongs to.
 */
export function containerConfig(input: ContainerConfigInput): ContainerCreateBody {
  const { pod, container, network } = input;
  const vars = new Map(input.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  const body: ContainerCreateBody = {
    Image: container.image,
    Env: input.env,
    Labels: {
      ...podLabels(pod, container.name, 'container'),
      [LABELS.restartCount]: String(input.restartCount),
      ...(input.init ? { [LABELS.containerKind]: 'init' } : {}),
      ...(network.kind === 'owner' ? { [LABELS.podIp]: network.ip } : {}),
    },
    Tty: container.tty ?? false,
    OpenStdin: container.stdin ?? false,
    StdinOnce: container.stdinOnce ?? false,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    HostConfig: {
      Binds: [...input.binds, `${input.resolvConf}:/etc/resolv.conf:ro`],
      // The kubelet restarts containers itself (with back-off and restartCount); Docker must not.
      RestartPolicy: { Name: 'no' },
      NetworkMode: network.kind === 'owner' ? network.network : `container:${network.containerId}`,
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '1' } },
    },
  };
  if (container.command) body.Entrypoint = container.command.map((c) => expand(c, vars));
  if (container.args) body.Cmd = container.args.map((a) => expand(a, vars));
  // `command` without `args` must not run the image's CMD as arguments (Docker would keep it otherwise).
  if (container.command && !container.args) body.Cmd = [];
  if (container.workingDir) body.WorkingDir = container.workingDir;
  if (network.kind === 'owner') {
    // The hostname of a pod is its name (or spec.hostname); containers joining the netns get it from the owner.
    body.Hostname = pod.spec.hostname ?? pod.metadata.name;
    body.NetworkingConfig = { EndpointsConfig: { [network.network]: { IPAMConfig: { IPv4Address: network.ip } } } };
  }
  const ports = container.ports ?? [];
  if (ports.length) {
    body.ExposedPorts = Object.fromEntries(
      ports.map((p) => [`${p.containerPort}/${(p.protocol ?? 'TCP').toLowerCase()}`, {}]),
    );
    const published = ports.filter((p) => p.hostPort);
    if (published.length && network.kind === 'owner') {
      body.HostConfig!.PortBindings = Object.fromEntries(
        published.map((p) => [
          `${p.containerPort}/${(p.protocol ?? 'TCP').toLowerCase()}`,
          [{ HostPort: String(p.hostPort) }],
        ]),
      );
    }
  }
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  if (limits.memory !== undefined) {
    body.HostConfig!.Memory = memoryBytes(limits.memory);
    body.HostConfig!.MemorySwap = body.HostConfig!.Memory; // no swap on top, as on a real node
  }
  if (limits.cpu !== undefined) body.HostConfig!.NanoCpus = nanoCpus(limits.cpu);
  const cpuRequest = requests.cpu ?? limits.cpu;
  if (cpuRequest !== undefined) body.HostConfig!.CpuShares = cpuShares(cpuRequest);
  const security = container.securityContext;
  if (security?.privileged) body.HostConfig!.Privileged = true;
  if (security?.readOnlyRootFilesystem) body.HostConfig!.ReadonlyRootfs = true;
  if (security?.runAsUser !== undefined) {
    body.User =
      security.runAsGroup !== undefined ? `${security.runAsUser}:${security.runAsGroup}` : String(security.runAsUser);
  }
  return body;
}
