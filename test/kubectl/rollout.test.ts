// The real kubectl 1.20 against Wharf's host-side control plane, for everything that needs the controllers:
// Deployment -> ReplicaSet -> Pods, scale, rollout status/history/undo/restart, self-healing and garbage collection.
// A stand-in marks bound pods Running/Ready (the kubelet's job in the VM), so this suite needs no VM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually as eventuallyWithin, startCluster, type Cluster } from './harness.js';

let cluster: Cluster;

function kubectl(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return cluster.kubectl(args, { stdin, timeoutMs: 50_000 });
}

async function ok(args: string[], stdin?: string): Promise<string> {
  const r = await kubectl(args, stdin);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** The harness's poll, with more patience: these scenarios wait on several controllers in a row. */
const eventually = (check: () => Promise<void>, timeoutMs = 15_000) => eventuallyWithin(check, timeoutMs);

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
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
        image: nginx:1.14.2
        ports:
        - containerPort: 80
`;

beforeAll(async () => {
  cluster = await startCluster({ fakeKubelet: true });
});

afterAll(async () => {
  await cluster?.stop();
});

describe('kubectl with controllers', () => {
  it('apply a Deployment: rollout status succeeds and get shows deploy, rs and pods like a real cluster', async () => {
    expect(await ok(['apply', '-f', '-'], MANIFEST)).toBe('deployment.apps/nginx-deployment created\n');
    const status = await ok(['rollout', 'status', 'deployment/nginx-deployment', '--timeout=30s']);
    expect(status).toContain('deployment "nginx-deployment" successfully rolled out');

    const out = await ok(['get', 'deploy,rs,pods']);
    expect(out).toMatch(/deployment\.apps\/nginx-deployment\s+3\/3\s+3\s+3\s+\S+/);
    const rs = /replicaset\.apps\/(nginx-deployment-[bcdfghjklmnpqrstvwxz2456789]+)\s+3\s+3\s+3\s/.exec(out);
    expect(rs).not.toBeNull();
    const pods = out.match(new RegExp(`pod/${rs![1]}-[bcdfghjklmnpqrstvwxz2456789]{5}\\s+1/1\\s+Running\\s+0`, 'g'));
    expect(pods).toHaveLength(3);

    const describe = await ok(['describe', 'deployment', 'nginx-deployment']);
    expect(describe).toMatch(/Available\s+True\s+MinimumReplicasAvailable/);
    expect(describe).toMatch(/Progressing\s+True\s+NewReplicaSetAvailable/);
    expect(describe).toContain(`Scaled up replica set ${rs![1]} to 3`);

    const events = await ok(['get', 'events']);
    expect(events).toMatch(
      new RegExp(`Normal\\s+ScalingReplicaSet\\s+deployment/nginx-deployment\\s+Scaled up replica set ${rs![1]} to 3`),
    );
    expect(events).toMatch(new RegExp(`Normal\\s+SuccessfulCreate\\s+replicaset/${rs![1]}\\s+Created pod: ${rs![1]}-`));
    expect(events).toMatch(
      new RegExp(`Normal\\s+Scheduled\\s+pod/${rs![1]}-\\S+\\s+Successfully assigned default/${rs![1]}-\\S+ to wharf`),
    );
  });

  it('scale changes the pod count', async () => {
    expect(await ok(['scale', 'deployment/nginx-deployment', '--replicas=5'])).toBe(
      'deployment.apps/nginx-deployment scaled\n',
    );
    await ok(['rollout', 'status', 'deployment/nginx-deployment', '--timeout=30s']);
    await eventually(async () => {
      expect((await ok(['get', 'pods', '-o', 'name'])).trim().split('\n')).toHaveLength(5);
    });
  });

  it('set image rolls out revision 2; history lists it; undo brings back the old image as revision 3', async () => {
    expect(await ok(['set', 'image', 'deployment/nginx-deployment', 'nginx=nginx:1.16.1'])).toBe(
      'deployment.apps/nginx-deployment image updated\n',
    );
    await ok(['rollout', 'status', 'deployment/nginx-deployment', '--timeout=30s']);
    const image = () =>
      ok(['get', 'deploy', 'nginx-deployment', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);
    expect(await image()).toBe('nginx:1.16.1');
    const history = await ok(['rollout', 'history', 'deployment/nginx-deployment']);
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);

    expect(await ok(['rollout', 'undo', 'deployment/nginx-deployment'])).toBe(
      'deployment.apps/nginx-deployment rolled back\n',
    );
    await ok(['rollout', 'status', 'deployment/nginx-deployment', '--timeout=30s']);
    expect(await image()).toBe('nginx:1.14.2');
    expect(await ok(['rollout', 'history', 'deployment/nginx-deployment'])).toMatch(/\n2\s+<none>\n3\s+<none>/);
    await eventually(async () => {
      const images = await ok(['get', 'pods', '-o', 'jsonpath={.items[*].spec.containers[0].image}']);
      expect(images.split(' ').sort()).toEqual(Array(5).fill('nginx:1.14.2'));
    });
  });

  it('rollout restart makes new pods from a new ReplicaSet', async () => {
    const before = (await ok(['get', 'rs', '-o', 'name'])).trim().split('\n');
    expect(await ok(['rollout', 'restart', 'deployment/nginx-deployment'])).toBe(
      'deployment.apps/nginx-deployment restarted\n',
    );
    await ok(['rollout', 'status', 'deployment/nginx-deployment', '--timeout=30s']);
    const after = (await ok(['get', 'rs', '-o', 'name'])).trim().split('\n');
    expect(after.length).toBe(before.length + 1);
  });

  it('a deleted pod is replaced by a new one', async () => {
    const names = (await ok(['get', 'pods', '-o', 'name'])).trim().split('\n');
    expect(await ok(['delete', names[0]!])).toBe(`pod "${names[0]!.slice('pod/'.length)}" deleted\n`);
    await eventually(async () => {
      const now = (await ok(['get', 'pods', '-o', 'name'])).trim().split('\n');
      expect(now).toHaveLength(5);
      expect(now).not.toContain(names[0]);
    });
  });

  it('deleting the Deployment garbage-collects its ReplicaSets and pods', async () => {
    expect(await ok(['delete', 'deployment', 'nginx-deployment'])).toBe('deployment.apps "nginx-deployment" deleted\n');
    await eventually(async () => {
      const r = await kubectl(['get', 'rs,pods']);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('No resources found in default namespace.\n');
    });
  });
});
