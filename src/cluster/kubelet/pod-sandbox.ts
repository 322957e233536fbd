import type { ContainerSummary } from '../../docker/types.js';
import type { PodNetwork } from './container-config.js';
import type { ContainerRecord } from './container-record.js';
import { createContainer, removeContainer, type InspectCache } from './instances.js';
import { containerName, LABELS, podLabels, SANDBOX_CONTAINER } from './names.js';
import type { PodSyncContext } from './pod-sync-context.js';

/**
 * A pod's network namespace and who holds it. A single-container pod's container holds it itself (a sandbox would
 * cost another container start, seconds in the emulated guest); a pod with more containers (or init containers)
 * gets a sandbox container that holds it, so it outlives any one container, and every container joins it. The pod
 * IP is the kubelet's, requested from Docker for the holder.
 */
export class PodSandbox {
  private sandboxId: string | undefined;

  constructor(
    private readonly pod: PodSyncContext,
    private readonly inspect: InspectCache,
    /** The worker's container records, keyed `c:<name>` and `i:<name>`. */
    private readonly records: Map<string, ContainerRecord>,
  ) {}

  /** The sandbox as Docker lists it: it counts only while it runs. */
  refresh(sandboxes: ContainerSummary[]): void {
    const sandbox = sandboxes[0];
    this.sandboxId = sandbox && sandbox.State === 'running' ? sandbox.Id : undefined;
  }

  /** The running sandbox, if any. */
  get id(): string | undefined {
    return this.sandboxId;
  }

  /** The container that holds the pod's network namespace. */
  ownerId(): string | undefined {
    return this.sandboxId ?? this.records.get(`c:${this.pod.current.spec.containers[0]?.name}`)?.current?.id;
  }

  /** Whether the pod needs a sandbox: more than one container, counting init containers. */
  needed(): boolean {
    const { spec } = this.pod.current;
    return (spec.initContainers ?? []).length + spec.containers.length > 1;
  }

  /** The network of app container `index`, given the pod's `network`. */
  forContainer(network: PodNetwork, index: number): PodNetwork {
    // In a single-container pod the container owns the netns; with a sandbox every container joins it.
    return network.kind === 'owner' && index > 0 ? this.joinFirst() : network;
  }

  private joinFirst(): PodNetwork {
    const owner = this.ownerId();
    if (!owner) throw new Error('the pod network owner is not running');
    return { kind: 'join', containerId: owner };
  }

  /** The running sandbox's id, with the sandbox (re)created and started when it does not run. */
  async ensure(existing: ContainerSummary[], podIP: string, resolvConf: string): Promise<string> {
    if (this.sandboxId) return this.sandboxId;
    const { ctx } = this.pod;
    // A dead sandbox took the pod's network with it: containers joined to it must be recreated too.
    if (existing.length) {
      for (const record of this.records.values()) {
        if (record.current) await removeContainer(ctx.docker, this.inspect, record.current.id);
        record.current = undefined;
      }
      for (const s of existing) await removeContainer(ctx.docker, this.inspect, s.Id);
    }
    const image = ctx.sandboxImage;
    if (!(await ctx.puller.present(image))) await ctx.puller.pull(image);
    const pod = this.pod.current;
    const name = containerName(pod, SANDBOX_CONTAINER, 0);
    const { Id } = await createContainer(ctx.docker, name, {
      Image: image,
      Entrypoint: ['sleep'],
      Cmd: ['2147483647'],
      Hostname: pod.spec.hostname ?? pod.metadata.name,
      Labels: { ...podLabels(pod, SANDBOX_CONTAINER, 'podsandbox'), [LABELS.podIp]: podIP },
      HostConfig: {
        NetworkMode: ctx.podNetwork,
        RestartPolicy: { Name: 'no' },
        Binds: [`${resolvConf}:/etc/resolv.conf:ro`],
      },
      NetworkingConfig: { EndpointsConfig: { [ctx.podNetwork]: { IPAMConfig: { IPv4Address: podIP } } } },
    });
    await ctx.docker.startContainer(Id);
    this.sandboxId = Id;
    return Id;
  }
}
