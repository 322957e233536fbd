import { describe, expect, it } from 'vitest';
import { FakeClock } from '../cluster/clock.js';
import type { ContainerSummary, DockerEvent } from '../docker/types.js';
import { changesDockerState, dockerPort } from './docker-port.js';

describe('changesDockerState', () => {
  it('passes the events that change what checks read', () => {
    for (const [Type, Action] of [
      ['container', 'create'],
      ['container', 'start'],
      ['container', 'die'],
      ['container', 'destroy'],
      ['container', 'rename'],
      ['image', 'pull'],
      ['image', 'tag'],
      ['image', 'delete'],
      ['volume', 'create'],
      ['network', 'destroy'],
    ] as const)
      expect(changesDockerState({ Type, Action }), `${Type} ${Action}`).toBe(true);
  });

  it('drops the chatter of docker exec, attach and resize, and network connects', () => {
    for (const [Type, Action] of [
      ['container', 'exec_create: sh -c echo hi'],
      ['container', 'exec_start: sh -c echo hi'],
      ['container', 'exec_die'],
      ['container', 'attach'],
      ['container', 'resize'],
      ['network', 'connect'],
      ['volume', 'mount'],
      ['daemon', 'reload'],
    ] as const)
      expect(changesDockerState({ Type, Action }), `${Type} ${Action}`).toBe(false);
  });
});

describe('dockerPort', () => {
  /** A dockerd whose list the test sets, and whose events the test sends. */
  function fakeDocker() {
    let send: ((event: DockerEvent) => void) | undefined;
    const docker = {
      state: 'running' as ContainerSummary['State'],
      listContainers: async (): Promise<ContainerSummary[]> => [
        {
          Id: 'c1',
          Names: ['/hello'],
          Image: 'busybox',
          ImageID: 'sha256:1',
          Command: 'echo hi',
          Created: 0,
          State: docker.state,
          Status: '',
          Labels: {},
        },
      ],
      inspectContainer: async () => {
        throw new Error('not used');
      },
      listImages: async () => [],
      listNetworks: async () => [],
      events: async (_filters: unknown, listener: (event: DockerEvent) => void) => {
        send = listener;
        return { close() {}, ended: new Promise<void>(() => undefined) };
      },
    };
    const event = (Action: string) =>
      send?.({ Type: 'container', Action, Actor: { ID: 'c1', Attributes: {} }, time: 0, timeNano: 0 });
    return { docker, event };
  }

  const connect = () => Promise.reject(new Error('no socket here'));

  it('believes a die event over a list that still says running, until the list catches up or it starts again', async () => {
    const { docker, event } = fakeDocker();
    const port = dockerPort(docker, connect, new FakeClock());
    const heard: number[] = [];
    port.onEvent(() => heard.push(1));
    await Promise.resolve();
    expect((await port.containers())[0]?.state).toBe('running');
    event('die');
    expect(heard).toHaveLength(1);
    expect((await port.containers())[0]?.state).toBe('exited'); // dockerd still lists it as running
    docker.state = 'exited';
    expect((await port.containers())[0]?.state).toBe('exited');
    docker.state = 'running';
    event('start');
    expect((await port.containers())[0]?.state).toBe('running');
  });

  it('leaves a restarting container as Docker lists it', async () => {
    const { docker, event } = fakeDocker();
    const port = dockerPort(docker, connect, new FakeClock());
    port.onEvent(() => undefined);
    await Promise.resolve();
    event('die');
    docker.state = 'restarting';
    expect((await port.containers())[0]?.state).toBe('restarting');
  });
});
