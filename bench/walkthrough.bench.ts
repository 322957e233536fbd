// The walkthrough as a learner types it: kubectl runs in the guest (emulated) against the host-side API server.
// bench/kubelet.bench.ts measures the node through the API directly; these figures add kubectl's own cost in v86.
import { allReady, startKubeletHarness, terminalSh as sh } from '../test/vm/kubelet-harness.js';
import { median, type Bench, type Figure } from './figure.js';

const seconds = (ms: number) => Math.round(ms / 100) / 10;
/** How long the Deployment may take to become Ready (kubectl in the guest is slow on a loaded machine). */
const WAIT_MS = 900_000;

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
      compare: 'kubectl get pods, warm',
    });
    log(`kubectl get pods: ${runs.map(seconds).join(', ')} s`);

    await sh(h, `cat > bench-nginx.yaml <<'EOF'\n${MANIFEST}EOF`);
    let t = Date.now();
    const ready = allReady(h, 'bench-nginx', 3, { timeoutMs: WAIT_MS });
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
    const replaced = allReady(h, 'bench-nginx', 3, { exclude: new Set([victim.metadata.uid!]), timeoutMs: WAIT_MS });
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
