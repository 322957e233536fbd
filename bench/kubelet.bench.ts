// Kubelet timings on the real VM (Node): how long a learner waits for pods to become Ready.
import type { Pod } from '../src/cluster/kubelet/k8s-types.js';
import { isReady, startKubeletHarness, type KubeletHarness } from '../test/vm/kubelet-harness.js';
import type { Bench, Figure } from './figure.js';

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** Resolves when `count` pods with label app=`app` are Ready (watching the store, no polling). */
function allReady(
  h: KubeletHarness,
  app: string,
  count: number,
  exclude: ReadonlySet<string> = new Set(),
): Promise<void> {
  return new Promise((resolve, reject) => {
    const ready = new Set<string>();
    const timer = setTimeout(
      () => reject(new Error(`${app}: only ${ready.size}/${count} pods Ready after 10 min`)),
      600_000,
    );
    const watch = h.store.watch('pods', { namespace: 'default' }, (e) => {
      const pod = e.object as unknown as Pod;
      if (pod.metadata.labels?.app !== app || exclude.has(pod.metadata.uid ?? '')) return;
      if (e.type !== 'DELETED' && isReady(pod) && !pod.metadata.deletionTimestamp) ready.add(pod.metadata.uid!);
      else ready.delete(pod.metadata.uid!);
      if (ready.size >= count) {
        clearTimeout(timer);
        queueMicrotask(() => watch.dispose());
        resolve();
      }
    });
  });
}

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
