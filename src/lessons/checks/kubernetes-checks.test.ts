import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../cluster/clock.js';
import { createControlPlane, type ControlPlane } from '../../cluster/control-plane.js';
import { startPodStatusDriver } from '../../cluster/controllers/index.js';
import type { Deployment, Pod } from '../../cluster/objects/index.js';
import { clusterPort } from '../cluster-port.js';
import type { ClusterPort } from '../ports.js';
import type { CheckSpec } from '../schema/check-kinds.js';
import { fakePorts } from '../testing/fake-ports.js';
import { evaluateCheck } from './evaluate-check.js';

// The real control plane (API registry, controllers, scheduler) with the kubelet's test stand-in marking pods Ready.
let clock: FakeClock;
let cp: ControlPlane;
let cluster: ClusterPort;
let stopDriver: (() => void) | undefined;

beforeEach(() => {
  clock = new FakeClock();
  let seed = 1;
  cp = createControlPlane({ clock, random: () => (seed = (seed * 16807) % 2147483647) / 2147483647 });
  cluster = clusterPort(cp.client);
});
afterEach(() => {
  stopDriver?.();
  stopDriver = undefined;
  cp.stop();
});

async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) {
    await cp.controllers?.settle();
    await new Promise((r) => setTimeout(r, 0));
  }
}

function nginxDeployment(replicas: number, image = 'nginx:latest') {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx-deployment', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image, ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

const evaluate = (check: CheckSpec) => evaluateCheck(check, { ports: fakePorts(cluster).ports, clock });

async function deploy(replicas: number, ready = true) {
  if (ready) stopDriver = startPodStatusDriver(cp.storePort, clock);
  cp.client.resource('deployments').create(nginxDeployment(replicas));
  await settle();
}

describe('Kubernetes checks against the real control plane', () => {
  it('kubernetes.exists: missing, then there', async () => {
    const check: CheckSpec = { id: 'd', check: 'kubernetes.exists', kind: 'Deployment', name: 'nginx-deployment' };
    expect(await evaluate(check)).toEqual({
      state: 'fail',
      code: 'not-found',
      reason: 'no Deployment named nginx-deployment in namespace default',
    });
    await deploy(2);
    expect(await evaluate(check)).toMatchObject({ state: 'pass', reason: 'Deployment nginx-deployment exists' });
    const ns: CheckSpec = { id: 'ns', check: 'kubernetes.exists', kind: 'Namespace', name: 'default' };
    expect((await evaluate(ns)).state).toBe('pass');
  });

  it('kubernetes.field: equals, at least, contains', async () => {
    await deploy(2);
    const base = { id: 'f', check: 'kubernetes.field', kind: 'Deployment', name: 'nginx-deployment' } as const;
    expect(await evaluate({ ...base, path: 'spec.replicas', equals: 3 })).toMatchObject({
      state: 'fail',
      code: 'wrong-value',
      reason: "Deployment nginx-deployment's spec.replicas is 2, want 3",
    });
    cp.client.resource('deployments').scale('default', 'nginx-deployment', 3);
    expect((await evaluate({ ...base, path: '{.spec.replicas}', equals: '3' })).state).toBe('pass');
    expect((await evaluate({ ...base, path: 'spec.replicas', atLeast: 2 })).state).toBe('pass');
    const image = { ...base, path: 'spec.template.spec.containers[0].image', contains: 'nginx' };
    expect((await evaluate(image)).state).toBe('pass');
  });

  it('kubernetes.ready-pods: fail when too few, pending while pods start, pass when ready', async () => {
    const check: CheckSpec = { id: 'p', check: 'kubernetes.ready-pods', selector: 'app=nginx', exactly: 3 };
    await deploy(2, false);
    expect(await evaluate(check)).toEqual({
      state: 'fail',
      code: 'too-few',
      reason: 'found 0 ready pods matching app=nginx, want 3',
    });
    cp.client.resource('deployments').scale('default', 'nginx-deployment', 3);
    await settle();
    expect(await evaluate(check)).toEqual({
      state: 'pending',
      code: 'not-ready',
      reason: 'found 0 ready pods matching app=nginx, want 3 (3 more starting)',
    });
    stopDriver = startPodStatusDriver(cp.storePort, clock);
    await settle();
    expect(await evaluate(check)).toEqual({
      state: 'pass',
      code: 'ok',
      reason: 'found 3 ready pods matching app=nginx',
    });
  });

  it('kubernetes.ready-pods: two ready of three wanted is a plain failure', async () => {
    await deploy(2);
    expect(
      await evaluate({ id: 'p', check: 'kubernetes.ready-pods', selector: 'app=nginx', exactly: 3 }),
    ).toMatchObject({
      state: 'fail',
      reason: 'found 2 ready pods matching app=nginx, want 3',
    });
  });

  it('kubernetes.count: events of a ReplicaSet creating pods', async () => {
    await deploy(2);
    const check: CheckSpec = {
      id: 'c',
      check: 'kubernetes.count',
      kind: 'Event',
      where: [
        { path: 'reason', equals: 'SuccessfulCreate' },
        { path: 'involvedObject.kind', equals: 'ReplicaSet' },
      ],
      atLeast: 3,
    };
    expect(await evaluate(check)).toMatchObject({
      state: 'fail',
      reason: 'found 2 Event objects with reason=SuccessfulCreate with involvedObject.kind=ReplicaSet, want at least 3',
    });
    const [pod] = cp.client.resource<Pod>('pods').list({ namespace: 'default' }).items;
    cp.client.resource('pods').delete('default', pod?.metadata.name ?? '');
    await settle();
    expect((await evaluate(check)).state).toBe('pass');
  });

  it('kubernetes.service-selects-ready-pods: no Service, a selector matching nothing, ready pods', async () => {
    const check: CheckSpec = { id: 's', check: 'kubernetes.service-selects-ready-pods', service: 'nginx-service' };
    expect((await evaluate(check)).code).toBe('not-found');
    await deploy(2);
    const service = (app: string) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'nginx-service', namespace: 'default' },
      spec: { selector: { app }, ports: [{ port: 80, targetPort: 80 }] },
    });
    cp.client.resource('services').create(service('ngnix'));
    expect(await evaluate(check)).toMatchObject({
      state: 'fail',
      reason: "Service nginx-service's selector app=ngnix matches no pods",
    });
    cp.client.resource('services').delete('default', 'nginx-service');
    cp.client.resource('services').create(service('nginx'));
    expect(await evaluate(check)).toMatchObject({
      state: 'pass',
      reason: 'Service nginx-service selects 2 ready pods (app=nginx)',
    });
  });

  it('kubernetes.rollout-complete: pending while the new image rolls out, then pass', async () => {
    const check: CheckSpec = { id: 'r', check: 'kubernetes.rollout-complete', deployment: 'nginx-deployment' };
    await deploy(2, false);
    expect(await evaluate(check)).toMatchObject({ state: 'pending', code: 'not-ready' });
    stopDriver = startPodStatusDriver(cp.storePort, clock);
    await settle();
    expect(await evaluate(check)).toMatchObject({
      state: 'pass',
      reason: 'nginx-deployment rolled out: 2 of 2 replicas updated and available',
    });
  });

  it('kubernetes.image-in-use: by Deployment and by selector', async () => {
    await deploy(2);
    const byDeployment: CheckSpec = {
      id: 'i',
      check: 'kubernetes.image-in-use',
      deployment: 'nginx-deployment',
      image: 'wharf/hello:2.0',
    };
    expect(await evaluate(byDeployment)).toMatchObject({
      state: 'fail',
      reason: 'nginx-deployment runs nginx:latest, want wharf/hello:2.0',
    });
    expect((await evaluate({ ...byDeployment, image: 'docker.io/library/nginx' })).state).toBe('pass');
    const bySelector: CheckSpec = { id: 'i2', check: 'kubernetes.image-in-use', selector: 'app=nginx', image: 'nginx' };
    expect(await evaluate(bySelector)).toMatchObject({
      state: 'pass',
      reason: 'all 2 pods matching app=nginx run nginx',
    });
    const d = cp.client.resource<Deployment>('deployments').get('default', 'nginx-deployment');
    expect(d.spec.replicas).toBe(2);
  });

  it('watch fires on changes of the kind, not for what already exists', async () => {
    await deploy(1);
    let changes = 0;
    const sub = cluster.watch('Deployment', () => changes++);
    expect(changes).toBe(0);
    await settle();
    expect(changes).toBe(0);
    cp.client.resource('deployments').scale('default', 'nginx-deployment', 2);
    await settle();
    expect(changes).toBeGreaterThan(0);
    sub.dispose();
  });
});
