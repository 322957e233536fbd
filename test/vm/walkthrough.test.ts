// The seeds' Kubernetes walkthrough (Deployment + LoadBalancer Service of nginx) end to end, typed as a learner
// would: the real kubectl 1.20 runs IN THE GUEST against the host-side API server, pods are real Docker containers
// in v86, and every check reads real command output. One VM for the whole file; the steps build on each other, so
// they run in order and a failure makes the later ones fail too (their messages still say what was seen). The
// walkthrough's rollout (set image, rollout history, undo) is the rolling-updates lesson's, proven by the lessons
// tier on the same guest; it is not repeated here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeletHarness, terminalSh, type KubeletHarness } from './kubelet-harness.js';

let h: KubeletHarness;
/** A command typed in the learner's terminal (see terminalSh). */
const sh = (command: string, timeoutMs?: number) => terminalSh(h, command, timeoutMs);

const kubectl = (args: string, timeoutMs?: number) => sh(`kubectl ${args}`, timeoutMs);

/** Re-run a guest command until its output passes `check` (every call costs seconds, so no extra sleeping). */
async function until(command: string, check: (out: string) => boolean, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      last = await sh(command, 300_000);
      if (check(last)) return last;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`\`${command}\`: condition not met in ${timeoutMs / 1000} s; last output:\n${last}`);
}

/** `kubectl get pods -l app=nginx` rows as [name, ready, status]. */
async function nginxPods(): Promise<{ name: string; ready: string; status: string }[]> {
  const out = await kubectl('get pods -l app=nginx --no-headers');
  return out
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('No resources'))
    .map((l) => {
      const [name = '', ready = '', status = ''] = l.trim().split(/\s+/);
      return { name, ready, status };
    });
}

const runningCount = (rows: { ready: string; status: string }[]) =>
  rows.filter((r) => r.status === 'Running' && r.ready === '1/1').length;

const DEPLOYMENT_YAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
spec:
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:latest
        ports:
        - containerPort: 80
`;

const SERVICE_YAML = `apiVersion: v1
kind: Service
metadata:
  name: nginx-service
spec:
  selector:
    app: nginx
  ports:
    - protocol: TCP
      port: 80
      targetPort: 80
  type: LoadBalancer
`;

const NODE_IP = '192.168.86.100';
let clusterIP = '';
let nodePort = '';

beforeAll(async () => {
  h = await startKubeletHarness();
}, 900_000);

afterAll(async () => {
  // The node's lines (kubelet, proxy, registry) explain a stuck rollout; the API request lines are mostly noise.
  const node = h?.logs.filter((l) => !l.startsWith('api: ')) ?? [];
  if (node.length) console.log(`kubelet/proxy log (last 200):\n${node.slice(-200).join('\n')}`);
  await h?.stop();
});

// Skipped for now, not passing: in its one full run (42 min on a loaded machine) the Deployment's pods were scheduled
// but never got containers, so every later step failed (docs/kubernetes-walkthrough.md, "Status"). Each kubectl step
// was checked natively against the API server with the stand-in kubelet; the node side in the VM is the open
// question. Unskip once `WHARF_DEBUG=1 npx vitest run --project vm test/vm/walkthrough.test.ts` passes.
describe('the seeds walkthrough with kubectl in the guest', () => {
  it('applies nginx-deployment.yaml and rolls out 2 replicas', async () => {
    await sh(
      `mkdir -p /root/workspace && cat > nginx-deployment.yaml <<'EOF'\n${DEPLOYMENT_YAML}EOF\n` +
        `cat > nginx-service.yaml <<'EOF'\n${SERVICE_YAML}EOF`,
    );
    expect(await kubectl('apply -f nginx-deployment.yaml', 900_000)).toBe('deployment.apps/nginx-deployment created\n');
    const status = await kubectl('rollout status deployment/nginx-deployment --timeout=15m', 960_000);
    expect(status).toContain('deployment "nginx-deployment" successfully rolled out');

    const table = await kubectl('get deployments');
    expect(table).toMatch(
      /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nnginx-deployment\s+2\/2\s+2\s+2\s+\d+[sm]\S*\n$/,
    );
  }, 1_800_000);

  it("shows the pods' containers in docker ps", async () => {
    const names = (await sh("docker ps --format '{{.Names}}'")).split('\n').filter(Boolean);
    const nginx = names.filter((n) =>
      /^k8s_nginx_nginx-deployment-[a-z0-9]+-[a-z0-9]{5}_default_[0-9a-f-]{36}_0$/.test(n),
    );
    expect(nginx, names.join('\n')).toHaveLength(2);
  }, 900_000);

  it('applies nginx-service.yaml and lists it with an external IP', async () => {
    expect(await kubectl('apply -f nginx-service.yaml')).toBe('service/nginx-service created\n');
    const services = await kubectl('get services');
    expect(services).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\n/);
    expect(services).toMatch(/\nkubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s+\S+\n/);
    expect(services).toMatch(/\nnginx-service\s+LoadBalancer\s+10\.\d+\.\d+\.\d+\s+\S+\s+80:3\d{4}\/TCP\s+\S+\n/);

    // The service proxy on the node plays the cloud's load balancer: EXTERNAL-IP becomes the node IP.
    const wide = await until('kubectl get service nginx-service -o wide', (out) => out.includes(NODE_IP), 600_000);
    expect(wide).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR\n/);
    const m =
      /\nnginx-service\s+LoadBalancer\s+(10\.\d+\.\d+\.\d+)\s+192\.168\.86\.100\s+80:(3\d{4})\/TCP\s+\S+\s+app=nginx\n/.exec(
        wide,
      );
    expect(m, wide).not.toBeNull();
    clusterIP = m![1]!;
    nodePort = m![2]!;
  }, 2_400_000);

  it('serves the nginx welcome page on the ClusterIP, the external IP and the node port', async () => {
    expect(clusterIP).not.toBe('');
    const welcome = (out: string) => out.includes('<title>Welcome to nginx!</title>');
    await until(`curl -s -m 20 http://${clusterIP}/`, welcome, 600_000);
    expect(await sh(`curl -s -m 20 http://${NODE_IP}/`)).toContain('<title>Welcome to nginx!</title>');
    expect(await sh(`curl -s -m 20 http://${NODE_IP}:${nodePort}/`)).toContain('<title>Welcome to nginx!</title>');
    expect(await sh(`curl -s -m 20 -o /dev/null -w '%{http_code}' http://127.0.0.1:${nodePort}/`)).toBe('200');
  }, 2_400_000);

  it('scales to 3 replicas', async () => {
    expect(await kubectl('scale deployment nginx-deployment --replicas=3')).toBe(
      'deployment.apps/nginx-deployment scaled\n',
    );
    const table = await until(
      'kubectl get deployments',
      (out) => /\nnginx-deployment\s+3\/3\s+3\s+3\s/.test(out),
      1_200_000,
    );
    expect(table).toMatch(/\nnginx-deployment\s+3\/3\s+3\s+3\s+\S+\n$/);
    expect(runningCount(await nginxPods())).toBe(3);
  }, 1_800_000);

  it('replaces a deleted pod', async () => {
    const before = await nginxPods();
    expect(before).toHaveLength(3);
    const victim = before[0]!.name;
    expect(await kubectl(`delete pod ${victim}`, 600_000)).toBe(`pod "${victim}" deleted\n`);
    let after: { name: string; ready: string; status: string }[] = [];
    await until(
      'kubectl get pods -l app=nginx --no-headers',
      (out) => {
        const rows = out
          .trim()
          .split('\n')
          .map((l) => l.trim().split(/\s+/));
        after = rows.map(([name = '', ready = '', status = '']) => ({ name, ready, status }));
        return runningCount(after) === 3 && after.length === 3;
      },
      1_200_000,
    );
    const names = after.map((r) => r.name);
    expect(names).not.toContain(victim);
    expect(names.filter((n) => !before.some((b) => b.name === n))).toHaveLength(1);
  }, 1_800_000);

  it('shows the access log of our curls with kubectl logs, and runs commands with kubectl exec', async () => {
    // Reach each pod a few times through the service, then every pod's log must have curl's requests in it.
    for (let i = 0; i < 6; i++) await sh(`curl -s -m 20 -o /dev/null http://${clusterIP}/`);
    const pods = (await nginxPods()).filter((p) => p.status === 'Running').map((p) => p.name);
    expect(pods).toHaveLength(3);
    const logs = await Promise.all(pods.map((p) => kubectl(`logs ${p}`)));
    const withCurl = logs.filter((l) => /"GET \/ HTTP\/1\.1" 200 \d+ "-" "curl\/[\d.]+"/.test(l));
    expect(withCurl.length, logs.join('\n---\n')).toBeGreaterThan(0);

    const pod = pods[0]!;
    expect(await kubectl(`exec ${pod} -- cat /etc/hostname`)).toBe(`${pod}\n`);
    expect(await kubectl(`exec ${pod} -- nginx -v`)).toMatch(/^nginx version: nginx\/1\.22\.\d+\n$/);
  }, 1_800_000);
});
