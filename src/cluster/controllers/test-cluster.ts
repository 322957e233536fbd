import { FakeClock } from '../clock.js';
import { ObjectStore } from '../store/index.js';
import type { KubeObject } from '../objects/index.js';
import { startControllers, type ControllerOptions, type RunningControllers } from './index.js';
import { startPodStatusDriver, type PodStatusDriverOptions } from './pod-status-driver.js';
import { objectStorePort } from '../machinery/store-adapter.js';
import type { StorePort } from '../machinery/store-port.js';

/** The resources a test cluster serves (the API layer registers the real list at start-up). */
const RESOURCES: [string, boolean, boolean][] = [
  ['pods', true, false],
  ['services', true, false],
  ['endpoints', true, false],
  ['events', true, false],
  ['configmaps', true, false],
  ['secrets', true, false],
  ['serviceaccounts', true, false],
  ['namespaces', false, false],
  ['nodes', false, false],
  ['deployments.apps', true, true],
  ['replicasets.apps', true, true],
  ['daemonsets.apps', true, true],
  ['statefulsets.apps', true, true],
  ['controllerrevisions.apps', true, false],
  ['persistentvolumeclaims', true, false],
  ['jobs.batch', true, true],
  ['cronjobs.batch', true, true],
];

export interface TestCluster {
  store: ObjectStore;
  port: StorePort;
  clock: FakeClock;
  controllers: RunningControllers;
  /** Wait until every controller queue is empty and the kubelet stand-in has caught up. */
  settle(): Promise<void>;
  /** Step the fake clock and let the controllers react. */
  advance(ms: number): Promise<void>;
  create(resource: string, obj: KubeObject): KubeObject;
  /** Swap the kubelet stand-in's behaviour (e.g. stop pods becoming ready, to hold a rollout mid-way). */
  setDriver(options: PodStatusDriverOptions | false): void;
  stop(): void;
}

/**
 * TEST AND BENCH ONLY: the real store and the real controllers with a fake clock and the pod-status stand-in for the
 * kubelet, seeded like Wharf's cluster (namespace `default`, one Ready node `wharf`).
 */
export function testCluster(
  options: ControllerOptions & { driver?: PodStatusDriverOptions | false } = {},
): TestCluster {
  const clock = new FakeClock();
  let uid = 0;
  const store = new ObjectStore({ now: () => clock.now(), uid: () => `uid-${++uid}`, historyLimit: 100_000 });
  for (const [resource, namespaced, generation] of RESOURCES) store.register({ resource, namespaced, generation });
  store.create('namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'default' },
    spec: {},
    status: { phase: 'Active' },
  });
  store.create('nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'wharf', labels: { 'kubernetes.io/hostname': 'wharf', 'kubernetes.io/os': 'linux' } },
    spec: {},
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  });
  const port = objectStorePort(store);
  const errors: unknown[] = [];
  const controllers = startControllers(port, {
    clock,
    onError: (_c, _k, error) => errors.push(error),
    ...options,
  });
  let stopDriver = options.driver === false ? () => {} : startPodStatusDriver(port, clock, options.driver || {});
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      await controllers.settle();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return {
    store,
    port,
    clock,
    controllers,
    settle,
    async advance(ms) {
      clock.advance(ms);
      await settle();
    },
    create: (resource, obj) => store.create(resource, obj) as KubeObject,
    setDriver(driver) {
      stopDriver();
      stopDriver = driver === false ? () => {} : startPodStatusDriver(port, clock, driver);
    },
    stop() {
      stopDriver();
      controllers.stop();
    },
  };
}

export function deploymentManifest(
  name: string,
  replicas: number,
  image = 'nginx:1.14.2',
  extra: object = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: name, image, ports: [{ containerPort: 80 }] }] },
      },
      ...extra,
    },
  };
}
