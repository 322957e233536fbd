import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../cluster/clock.js';
import { createControlPlane, type ControlPlane } from '../../cluster/control-plane.js';
import { startPodStatusDriver } from '../../cluster/controllers/index.js';
import { clusterPort } from '../cluster-port.js';
import { clusterMotion } from './cluster-motion.js';

// The real control plane (controllers, scheduler) with the kubelet's test stand-in marking pods Ready when asked.
let clock: FakeClock;
let cp: ControlPlane;
let stopDriver: (() => void) | undefined;

beforeEach(() => {
  clock = new FakeClock();
  let seed = 7;
  cp = createControlPlane({ clock, random: () => (seed = (seed * 16807) % 2147483647) / 2147483647 });
});
afterEach(() => {
  stopDriver?.();
  cp.stop();
});

async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) {
    await cp.controllers?.settle();
    await new Promise((r) => setTimeout(r, 0));
  }
}

const deployment = (replicas: number, namespace = 'default') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
  },
});

describe('clusterMotion', () => {
  it('is at rest on an empty cluster', async () => {
    expect(await clusterMotion(clusterPort(cp.client))).toBeUndefined();
  });

  it('names a Deployment whose pods are not ready yet, and is at rest once they are', async () => {
    cp.client.resource('deployments').create(deployment(2));
    await settle();
    expect(await clusterMotion(clusterPort(cp.client))).toBe('Deployment web is rolling out (0 of 2 pods ready)');
    stopDriver = startPodStatusDriver(cp.storePort, clock);
    await settle();
    expect(await clusterMotion(clusterPort(cp.client))).toBeUndefined();
  });

  it('moves again while a scale-up is on its way', async () => {
    stopDriver = startPodStatusDriver(cp.storePort, clock);
    cp.client.resource('deployments').create(deployment(2));
    await settle();
    const current = cp.client.resource('deployments').find('default', 'web') as ReturnType<typeof deployment>;
    cp.client.resource('deployments').update({ ...current, spec: { ...current.spec, replicas: 3 } });
    expect(await clusterMotion(clusterPort(cp.client))).toMatch(/^Deployment web (has not acted|is rolling out)/);
    await settle();
    expect(await clusterMotion(clusterPort(cp.client))).toBeUndefined();
  });

  it('does not wait for the cluster’s own parts in kube-system', async () => {
    cp.client.resource('deployments').create(deployment(1, 'kube-system'));
    await settle();
    expect(await clusterMotion(clusterPort(cp.client))).toBeUndefined();
  });
});
