import type { DockerClient } from '../../docker/docker-client.js';
import type { ContainerInspect, ContainerSummary } from '../../docker/types.js';
import type { ContainerInstance } from './container-record.js';
import { dockerTime } from './docker-time.js';
import { LABELS, parseContainerName } from './names.js';

export function toInstance(info: ContainerInspect): ContainerInstance {
  const parsed = parseContainerName(info.Name);
  const state = info.State;
  return {
    id: info.Id,
    attempt: parsed?.attempt ?? 0,
    running: state.Running || state.Restarting,
    neverStarted: state.Status === 'created' && Boolean(state.Error),
    exitCode: state.ExitCode,
    oomKilled: state.OOMKilled,
    error: state.Error,
    startedAt: dockerTime(state.StartedAt),
    finishedAt: dockerTime(state.FinishedAt),
    image: info.Config.Image,
    imageId: info.Image,
  };
}

/** A pod's containers as Docker has them, grouped by container name, newest attempt first. */
export interface PodContainers {
  sandbox: ContainerSummary[];
  byName: Map<string, ContainerSummary[]>;
}

export async function listPodContainers(docker: DockerClient, uid: string): Promise<PodContainers> {
  const all = await docker.listContainers({ all: true, filters: { label: [`${LABELS.podUid}=${uid}`] } });
  const result: PodContainers = { sandbox: [], byName: new Map() };
  const attempt = (c: ContainerSummary) => parseContainerName(c.Names[0] ?? '')?.attempt ?? 0;
  for (const c of all.sort((a, b) => attempt(b) - attempt(a) || b.Created - a.Created)) {
    if (c.Labels[LABELS.dockerType] === 'podsandbox') result.sandbox.push(c);
    else {
      const name = c.Labels[LABELS.containerName] ?? '';
      const list = result.byName.get(name) ?? [];
      list.push(c);
      result.byName.set(name, list);
    }
  }
  return result;
}

/**
 * Inspect results for containers, cached while Docker's summary state is unchanged: a running container's start
 * time and an exited one's exit code never change, so each sync costs one list call, not one inspect per container.
 */
export class InspectCache {
  private readonly cache = new Map<string, { state: string; instance: ContainerInstance }>();

  constructor(private readonly docker: DockerClient) {}

  async get(summary: ContainerSummary): Promise<ContainerInstance> {
    const hit = this.cache.get(summary.Id);
    if (hit && hit.state === summary.State) return hit.instance;
    const instance = toInstance(await this.docker.inspectContainer(summary.Id));
    this.cache.set(summary.Id, { state: summary.State, instance });
    return instance;
  }

  /** Record what the kubelet knows first-hand (a container it just started) under Docker's summary state. */
  seed(id: string, state: string, instance: ContainerInstance): ContainerInstance {
    this.cache.set(id, { state, instance });
    return instance;
  }

  forget(id: string): void {
    this.cache.delete(id);
  }
}
