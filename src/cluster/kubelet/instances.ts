/**
 * A pod's containers as Docker has them: inspected into `ContainerInstance`s (cached while their state holds), listed
 * by pod, created and removed, and the kubelet's records of them refreshed from the list.
 */
import type { DockerClient } from '../../docker/docker-client.js';
import { DockerApiError } from '../../docker/docker-error.js';
import type { ContainerInspect, ContainerSummary } from '../../docker/types.js';
import type { Container, Pod } from '../objects/index.js';
import type { ContainerInstance, ContainerRecord } from './container-record.js';
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

/** Create a container; a leftover with the same name (a create that raced a kubelet restart) is replaced. */
export async function createContainer(
  docker: DockerClient,
  name: string,
  body: Parameters<DockerClient['createContainer']>[1],
): ReturnType<DockerClient['createContainer']> {
  try {
    return await docker.createContainer(name, body);
  } catch (error) {
    if (!(error instanceof DockerApiError) || !error.conflict) throw error;
    await docker.removeContainer(name, { force: true });
    return docker.createContainer(name, body);
  }
}

/** Remove a container whatever its state (one already gone is fine), and forget its inspection. */
export async function removeContainer(docker: DockerClient, inspect: InspectCache, id: string): Promise<void> {
  try {
    await docker.removeContainer(id, { force: true });
  } catch (error) {
    if (!(error instanceof DockerApiError && (error.notFound || error.conflict))) throw error;
  }
  inspect.forget(id);
}

/**
 * Bring the kubelet's record of each of the pod's containers (keyed `c:<name>`, init containers `i:<name>`) up to
 * date with Docker's list; instances older than the previous one are removed.
 */
export async function refreshRecords(
  records: Map<string, ContainerRecord>,
  pod: Pod,
  found: PodContainers,
  docker: DockerClient,
  inspect: InspectCache,
): Promise<void> {
  const specs: [Container, boolean][] = [
    ...(pod.spec.initContainers ?? []).map((c): [Container, boolean] => [c, true]),
    ...pod.spec.containers.map((c): [Container, boolean] => [c, false]),
  ];
  for (const [spec, init] of specs) {
    const key = `${init ? 'i' : 'c'}:${spec.name}`;
    const record: ContainerRecord = records.get(key) ?? {
      name: spec.name,
      image: spec.image,
      init,
      restartCount: 0,
      ready: false,
      started: false,
    };
    const list = found.byName.get(spec.name) ?? [];
    record.current = list[0] ? await inspect.get(list[0]) : undefined;
    record.previous = list[1] ? await inspect.get(list[1]) : undefined;
    if (list[0] && !records.has(key)) {
      // A kubelet restart: the restart count lives in the newest container's labels.
      record.restartCount = Number(list[0].Labels[LABELS.restartCount] ?? 0);
    }
    records.set(key, record);
    // Anything older than the previous instance is garbage (kubectl logs --previous needs only one).
    for (const stale of list.slice(2)) void removeContainer(docker, inspect, stale.Id);
  }
}
