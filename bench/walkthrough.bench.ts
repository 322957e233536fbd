// The walkthrough as a learner types it: kubectl runs in the guest (emulated) against the host-side API server.
// bench/kubelet.bench.ts measures the node through the API directly; these figures add kubectl's own cost in v86.
import type { Pod } from '../src/cluster/kubelet/k8s-types.js';
import { isReady, startKubeletHarness, type KubeletHarness } from '../test/vm/kubelet-harness.js';
import { median, type Bench, type Figure } from './figure.js';

const seconds = (ms: number) => Math.round(ms / 100) / 10;
const decoder = new TextDecoder();

async function sh(h: KubeletHarness, command: string, timeoutMs = 600_000): Promise<string> {
  const r = await h.vm.link.exec(['sh', '-c', `exec 2>&1\n${command}`], {
    cwd: '/root/workspace',
    env: { HOME: '/root', GOGC: '400' },
    timeoutMs,
  });
  const out = decoder.decode(r.stdout);
  if (r.exitCode !== 0) throw new Error(`\`${command}\` exited ${r.exitCode}: ${out}`);
  return out;
}

/** Resolves when `count` live pods labelled app=`app` are Ready, none of them in `exclude` (store watch). */
function allReady(h: KubeletHarness, app: string, count: number, exclude: ReadonlySet<string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const ready = new Set<string>();
    const timer = setTimeout(() => {
      watch.dispose();
      reject(new Error(`${app}: only ${ready.size}/${count} pods Ready after 15 min`));
    }, 900_000);
    const watch = h.store.watch('pods', { namespace: 'default' }, (e) => {
      const pod = e.object as unknown as Pod;
      const uid = pod.metadata.uid ?? '';
      if (pod.metadata.labels?.app !== app || exclude.has(uid)) return;
      if (e.type !== 'DELETED' && isReady(pod) && !pod.metadata.deletionTimestamp) ready.add(uid);
      else ready.delete(uid);
      if (ready.size >= count) {
        clearTimeout(timer);
        queueMicrotask(() => watch.dispose());
        resolve();
      }
    });
  });
}

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: bench-nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: bench-nginx
  template:
    metadata:
      labels:
        app: bench-nginx
    spec:
      containers:
      - name: nginx
        image: nginx:latest
        ports:
        - containerPort: 80
`;

const bench: Bench = async ({ quick, log }) => {
  // Every figure here needs the emulated guest; the quick subset is Node-only.
  if (quick) return [];
  const figures: Figure[] = [];
  log('walkthrough: booting the VM and starting the node');
  const h = await startKubeletHarness();
  try {
    // Warm kubectl (page cache, discovery cache in ~/.kube/cache), as after the first lesson. nginx is preloaded in
    // the guest image, so the Deployment below finds it present.
    for (let i = 0; i < 2; i++) await sh(h, 'kubectl get pods');
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = Date.now();
      await sh(h, 'kubectl get pods');
      runs.push(Date.now() - t);
    }
    figures.push({
      name: 'walkthrough: kubectl get pods in the guest (warm, median of 5)',
      value: seconds(median(runs)),
      unit: 's',
      target: 2.5,
      native: 0.02,
      env: 'node',
    });
    log(`kubectl get pods: ${runs.map(seconds).join(', ')} s`);

    await sh(h, `cat > bench-nginx.yaml <<'EOF'\n${MANIFEST}EOF`);
    let t = Date.now();
    const ready = allReady(h, 'bench-nginx', 3, new Set());
    await sh(h, 'kubectl apply -f bench-nginx.yaml');
    log(`kubectl apply returned after ${seconds(Date.now() - t)} s`);
    await ready;
    figures.push({
      name: 'walkthrough: kubectl apply 3-replica nginx Deployment -> all Ready (image present)',
      value: seconds(Date.now() - t),
      unit: 's',
      target: 30,
      env: 'node',
    });
    log(`deployment ready in ${seconds(Date.now() - t)} s`);

    const victim = h.store
      .list('pods', { namespace: 'default' })
      .items.find((p) => p.metadata.labels?.app === 'bench-nginx')!;
    t = Date.now();
    const replaced = allReady(h, 'bench-nginx', 3, new Set([victim.metadata.uid!]));
    await sh(h, `kubectl delete pod ${victim.metadata.name!}`);
    await replaced;
    figures.push({
      name: 'walkthrough: kubectl delete pod -> replacement Ready (3 Ready again)',
      value: seconds(Date.now() - t),
      unit: 's',
      target: 15,
      env: 'node',
    });
    return figures;
  } finally {
    await h.stop();
  }
};

export default bench;
