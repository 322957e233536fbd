import { describe, expect, it } from 'vitest';
import type { DockerClient } from '../../docker/docker-client.js';
import { DockerApiError } from '../../docker/docker-error.js';
import type { ImageInspect } from '../../docker/types.js';
import { FakeClock } from '../clock.js';
import { ImagePuller } from './image-puller.js';

/** A dockerd that has the images in `have` and counts the calls the puller makes. */
function fakeDocker(have: Set<string>) {
  const calls = { inspect: 0, pull: 0 };
  const docker = {
    async inspectImage(image: string): Promise<ImageInspect> {
      calls.inspect++;
      if (!have.has(image)) throw new DockerApiError(404, `No such image: ${image}`, `/images/${image}/json`);
      return { Id: `sha256:${image}`, RepoDigests: [] } as unknown as ImageInspect;
    },
    async pullImage(image: string): Promise<void> {
      calls.pull++;
      have.add(image);
    },
  };
  return { docker: docker as unknown as DockerClient, calls };
}

describe('ImagePuller', () => {
  it('answers the replicas of one Deployment with a single image inspection', async () => {
    const clock = new FakeClock();
    const { docker, calls } = fakeDocker(new Set(['nginx']));
    const puller = new ImagePuller(docker, clock);
    const results = await Promise.all([puller.local('nginx'), puller.local('nginx'), puller.local('nginx')]);
    expect(results.map((r) => r?.Id)).toEqual(['sha256:nginx', 'sha256:nginx', 'sha256:nginx']);
    expect(calls.inspect).toBe(1);
    clock.advance(5_000);
    await puller.local('nginx');
    expect(calls.inspect).toBe(2);
  });

  it('forgets a missing image once it is pulled, and shares concurrent pulls', async () => {
    const clock = new FakeClock();
    const { docker, calls } = fakeDocker(new Set());
    const puller = new ImagePuller(docker, clock);
    expect(await puller.local('redis')).toBeUndefined();
    await Promise.all([puller.pull('redis'), puller.pull('redis')]);
    expect(calls.pull).toBe(1);
    expect((await puller.local('redis'))?.Id).toBe('sha256:redis');
    expect(puller.fresh('redis')).toBe(true);
  });
});
