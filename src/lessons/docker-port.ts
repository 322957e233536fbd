import type { Clock } from '../cluster/clock.js';
import type { DockerClient, StreamFactory } from '../docker/docker-client.js';
import type { ContainerSummary, DockerEvent } from '../docker/types.js';
import { httpRequest } from '../http/client.js';
import { Listeners } from '../protocol/listeners.js';
import type { DockerContainerView, DockerPort } from './ports.js';

/** Fields of Docker's container list that DockerClient's types leave out (the API sends them). */
interface ContainerListEntry extends ContainerSummary {
  Ports?: { PrivatePort: number; PublicPort?: number; Type: string }[];
}

/**
 * The Docker events that can change what a check reads (containers, their state and ports, images, volumes,
 * networks). The rest, `docker exec`'s exec_create/exec_start/exec_die, attach, resize, a network's connect, come by
 * the dozen while a learner works and would each cost the guest a round of reads for nothing.
 */
const STATE_CHANGES: Record<string, ReadonlySet<string>> = {
  container: new Set(['create', 'start', 'restart', 'die', 'stop', 'kill', 'pause', 'unpause', 'rename', 'destroy']),
  image: new Set(['pull', 'tag', 'untag', 'delete', 'import', 'load']),
  volume: new Set(['create', 'destroy']),
  network: new Set(['create', 'destroy']),
};

/** The event's action without what follows a colon (Docker >= 23 sends "exec_start: sh -c ..."). */
const actionOf = (event: Pick<DockerEvent, 'Action'>) => event.Action.split(':')[0]!.trim();

export function changesDockerState(event: Pick<DockerEvent, 'Type' | 'Action'>): boolean {
  return STATE_CHANGES[event.Type]?.has(actionOf(event)) ?? false;
}

/** Wait before re-opening Docker's event stream after it ended (dockerd restarted, the link was reset). */
const EVENTS_RECONNECT_MS = 2000;

/** What the port calls on DockerClient (a narrow view, so tests can hand in a stand-in). */
export type DockerReads = Pick<
  DockerClient,
  'listContainers' | 'inspectContainer' | 'listImages' | 'listNetworks' | 'events'
>;

/**
 * The Docker port on the stack's DockerClient. Volumes are read over the same socket with src/http's client, since
 * DockerClient has no volume calls yet (add `listVolumes()` there and use it here). One event stream is shared by
 * every listener and reopened if it ends.
 */
export function dockerPort(docker: DockerReads, connect: StreamFactory, clock: Clock): DockerPort {
  const listeners = new Listeners<[]>();
  // dockerd announces a container's `die` before its list says so: the list showed a finished `docker run busybox
  // echo` as running for over 0.7 s after the event, past the network disconnect. What the events said last wins
  // over a list that has not caught up (until the list agrees or the container starts again).
  const died = new Set<string>();
  const heard = (event: DockerEvent) => {
    if (event.Type !== 'container') return;
    const action = actionOf(event);
    if (action === 'die') died.add(event.Actor.ID);
    else if (action === 'start' || action === 'restart' || action === 'destroy') died.delete(event.Actor.ID);
  };
  let stream: { close(): void } | undefined;
  let opening = false;
  let cancelReconnect: (() => void) | undefined;
  const open = () => {
    if (opening || stream || listeners.size === 0) return;
    opening = true;
    docker
      .events({}, (event) => {
        heard(event);
        if (changesDockerState(event)) listeners.emit();
      })
      .then((handle) => {
        opening = false;
        if (listeners.size === 0) return handle.close();
        stream = handle;
        void handle.ended.then(() => {
          // A stream closed when its last listener left ends later: it must not drop (or reopen) a newer one.
          if (stream !== handle) return;
          stream = undefined;
          cancelReconnect = clock.after(EVENTS_RECONNECT_MS, open);
        });
      })
      .catch(() => {
        opening = false;
        cancelReconnect = clock.after(EVENTS_RECONNECT_MS, open);
      });
  };
  const lastHeardState = (c: ContainerListEntry): DockerContainerView['state'] => {
    if (!died.has(c.Id)) return c.State;
    if (c.State === 'running') return 'exited';
    died.delete(c.Id); // the list caught up
    return c.State;
  };
  return {
    async containers() {
      const list = (await docker.listContainers({ all: true })) as ContainerListEntry[];
      return list.map((c): DockerContainerView => ({
        id: c.Id,
        name: (c.Names[0] ?? '').replace(/^\//, ''),
        image: c.Image,
        state: lastHeardState(c),
        ports: (c.Ports ?? []).map((p) => ({
          privatePort: p.PrivatePort,
          ...(p.PublicPort !== undefined ? { publicPort: p.PublicPort } : {}),
          type: p.Type,
        })),
      }));
    },
    async restartCount(nameOrId) {
      try {
        return (await docker.inspectContainer(nameOrId)).RestartCount;
      } catch {
        return undefined;
      }
    },
    async images() {
      return (await docker.listImages()).map((i) => ({ id: i.Id, tags: i.RepoTags ?? [] }));
    },
    async volumes() {
      const res = await httpRequest(await connect(), {
        method: 'GET',
        path: '/v1.41/volumes',
        headers: { Host: 'docker' },
      });
      if (res.status !== 200) throw new Error(`Docker answered ${res.status} to a volume list`);
      const body = await res.json<{ Volumes: { Name: string }[] | null }>();
      return (body.Volumes ?? []).map((v) => v.Name);
    },
    async networks() {
      return (await docker.listNetworks()).map((n) => n.Name);
    },
    onEvent(listener) {
      const subscription = listeners.add(listener);
      open();
      return {
        dispose() {
          subscription.dispose();
          if (listeners.size > 0) return;
          cancelReconnect?.();
          stream?.close();
          stream = undefined;
        },
      };
    },
  };
}
