// Kubelet timings on the real VM (Node): how long a learner waits for pods to become Ready.
import { allReady as waitAllReady, startKubeletHarness, type KubeletHarness } from '../test/vm/kubelet-harness.js';
import type { Bench, Figure } from './figure.js';

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** Every wait in this bench gives up after 10 minutes. */
const allReady = (h: KubeletHarness, app: string, count: number, exclude?: ReadonlySet<string>) =>
  waitAllReady(h, app, count, { exclude, timeoutMs: 600_000 });

const deployment = (name: string, replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default', labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          { name: 'nginx', image: 'nginx', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 80 }] },
        ],
      },
    },
  },
});

const bench: Bench = async ({ quick, log }) => {
  const figures: Figure[] = [];
  log('kubelet: booting the VM and starting the node');
  const h = await startKubeletHarness();
  try {
    let t = Date.now();
    await h.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bench-pod', namespace: 'default', labels: { app: 'bench-pod' } },
      spec: { nodeName: 'wharf', containers: [{ name: 'nginx', image: 'nginx', imagePullPolicy: 'IfNotPresent' }] },
    });
    await allReady(h, 'bench-pod', 1);
    figures.push({
      name: 'kubelet: nginx pod apply -> Ready (first, incl. image pull)',
      value: seconds(Date.now() - t),
      unit: 's',
      env: 'node',
    });
    log(`pod ready in ${seconds(Date.now() - t)} s`);
    if (quick) return figures;

    t = Date.now();
    await h.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bench-pod-2', namespace: 'default', labels: { app: 'bench-pod-2' } },
      spec: { nodeName: 'wharf', containers: [{ name: 'nginx', image: 'nginx', imagePullPolicy: 'IfNotPresent' }] },
    });
    await allReady(h, 'bench-pod-2', 1);
    figures.push({
      name: 'kubelet: nginx pod apply -> Ready (image present)',
      value: seconds(Date.now() - t),
      unit: 's',
      env: 'node',
    });

    t = Date.now();
    await h.create('deployments.apps', deployment('web', 3));
    await allReady(h, 'web', 3);
    figures.push({
      name: 'kubelet: 3-replica nginx Deployment -> all Ready',
      value: seconds(Date.now() - t),
      unit: 's',
      target: 30,
      env: 'node',
    });
    log(`deployment ready in ${seconds(Date.now() - t)} s`);

    const victim = h.store.list('pods', { namespace: 'default' }).items.find((p) => p.metadata.labels?.app === 'web')!;
    const before = new Set([victim.metadata.uid!]);
    t = Date.now();
    await h.port.delete('pods', 'default', victim.metadata.name!, { gracePeriodSeconds: 0 });
    await allReady(h, 'web', 3, before);
    figures.push({
      name: 'kubelet: deleted Deployment pod replaced -> Ready',
      value: seconds(Date.now() - t),
      unit: 's',
      env: 'node',
    });
    return figures;
  } finally {
    await h.stop();
  }
};

export default bench;
