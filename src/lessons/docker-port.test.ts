import { describe, expect, it } from 'vitest';
import { changesDockerState } from './docker-port.js';

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
