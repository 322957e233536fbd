// Control-plane reconcile speed: a Deployment of N replicas from create to a complete rollout (every pod bound,
// Running/Ready through the kubelet stand-in, RS and Deployment status caught up), then a rolling update of all N.
// Targets from the issue: 100 replicas <= 2 s; 1,000 without super-linear slow-down (webernetes: 2.4 s and 73 s).
// The production composition (createControlPlane: API registry with defaults and validation, every controller, the
// scheduler) on the real clock; only the kubelet is the stand-in, so no VM is involved.
import type { Bench, Figure } from './figure.js';
import { median } from './figure.js';
import { realClock } from '../src/cluster/clock.js';
import { createControlPlane, type ControlPlane } from '../src/cluster/control-plane.js';
import { startPodStatusDriver } from '../src/cluster/controllers/pod-status-driver.js';
import { deploymentManifest } from '../src/cluster/controllers/test-cluster.js';
import type { Deployment } from '../src/cluster/objects/index.js';

interface TestCluster {
  store: ControlPlane['store'];
  port: ControlPlane['storePort'];
}

interface Sample {
  create: number;
  rollout: number;
  collect: number;
}

function complete(cluster: TestCluster, replicas: number, generation: number): boolean {
  const d = cluster.store.get('deployments.apps', 'default', 'web') as unknown as Deployment | undefined;
  const s = d?.status ?? {};
  return (
    (s.observedGeneration ?? 0) >= generation &&
    s.updatedReplicas === replicas &&
    s.replicas === replicas &&
    s.availableReplicas === replicas
  );
}

function waitComplete(cluster: TestCluster, replicas: number, generation: number): Promise<void> {
  return new Promise((resolve) => {
    const stop = cluster.port.listAndWatch('deployments.apps', () => {
      if (complete(cluster, replicas, generation)) {
        queueMicrotask(() => stop());
        resolve();
      }
    });
  });
}

async function once(replicas: number): Promise<Sample> {
  const cp = createControlPlane();
  const stopDriver = startPodStatusDriver(cp.storePort, realClock);
  const cluster: TestCluster = { store: cp.store, port: cp.storePort };
  const deployments = cp.registry.byKey('deployments.apps');
  try {
    const t0 = performance.now();
    cp.registry.create(deployments, 'default', deploymentManifest('web', replicas));
    await waitComplete(cluster, replicas, 1);
    const create = (performance.now() - t0) / 1000;
    // A figure for a wrong result is worthless: the cluster must really hold N running pods.
    const pods = cp.store.list('pods').items.filter((p) => !p.metadata.deletionTimestamp).length;
    if (pods !== replicas) throw new Error(`expected ${replicas} pods after the rollout, found ${pods}`);

    const d = structuredClone(cp.store.get('deployments.apps', 'default', 'web')) as unknown as Deployment;
    d.spec.template.spec!.containers[0]!.image = 'nginx:1.16.1';
    const t1 = performance.now();
    cp.registry.update(deployments, 'default', 'web', d);
    await waitComplete(cluster, replicas, 2);
    const rollout = (performance.now() - t1) / 1000;

    // Background deletion: the garbage collector removes both ReplicaSets and every pod.
    const t2 = performance.now();
    const gone = new Promise<void>((resolve) => {
      const stop = cp.storePort.listAndWatch('pods', () => {
        if (cp.store.list('pods').items.length === 0 && cp.store.list('replicasets.apps').items.length === 0) {
          queueMicrotask(() => stop());
          resolve();
        }
      });
    });
    cp.registry.delete(deployments, 'default', 'web', { propagationPolicy: 'Background' });
    await gone;
    const collect = (performance.now() - t2) / 1000;
    return { create, rollout, collect };
  } finally {
    stopDriver();
    cp.stop();
  }
}

const bench: Bench = async (ctx) => {
  const figures: Figure[] = [];
  const runs = (n: number) => (n >= 1000 ? 1 : ctx.quick ? 1 : 3);
  const results = new Map<number, Sample>();
  for (const replicas of ctx.quick ? [100] : [100, 1000]) {
    const samples: Sample[] = [];
    for (let i = 0; i < runs(replicas); i++) {
      samples.push(await once(replicas));
      ctx.log(
        `controllers: ${replicas} replicas: create ${samples.at(-1)!.create.toFixed(2)} s, rollout ${samples.at(-1)!.rollout.toFixed(2)} s, collect ${samples.at(-1)!.collect.toFixed(2)} s`,
      );
    }
    const r = {
      create: median(samples.map((s) => s.create)),
      rollout: median(samples.map((s) => s.rollout)),
      collect: median(samples.map((s) => s.collect)),
    };
    results.set(replicas, r);
    figures.push({
      name: `Deployment ${replicas} replicas: create -> complete (control plane)`,
      value: r.create,
      unit: 's',
      target: replicas === 100 ? 2 : 20,
      env: 'node',
    });
    figures.push({
      name: `Deployment ${replicas} replicas: rolling update -> complete (control plane)`,
      value: r.rollout,
      unit: 's',
      target: replicas === 100 ? 2 : 20,
      env: 'node',
    });
  }
  for (const [replicas, r] of results)
    figures.push({
      name: `Deployment ${replicas} replicas: delete -> ReplicaSets and pods collected (control plane)`,
      value: r.collect,
      unit: 's',
      target: replicas === 100 ? 2 : 20,
      env: 'node',
    });
  const small = results.get(100);
  const big = results.get(1000);
  if (small && big) {
    // Linear scaling would be 10x; allow some slack for GC pauses, flag anything clearly super-linear.
    figures.push({
      name: 'Deployment create time 1,000 / 100 replicas',
      value: big.create / small.create,
      unit: 'ratio',
      target: 15,
      env: 'node',
    });
  }
  return figures;
};

export default bench;
