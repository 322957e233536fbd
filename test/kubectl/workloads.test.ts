// The real kubectl 1.20 against the control plane for the other controllers: Jobs, StatefulSets, DaemonSets,
// Services' Endpoints, namespace deletion and default ServiceAccounts. A stand-in kubelet marks pods Running/Ready;
// where a container would exit, the test writes the pod's terminal phase itself, as the kubelet would report it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/objects/index.js';
import { eventually as eventuallyWithin, startCluster, type Cluster } from './harness.js';

let cluster: Cluster;

async function ok(args: string[], stdin?: string): Promise<string> {
  const r = await cluster.kubectl(args, { stdin, timeoutMs: 50_000 });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** The harness's poll, with more patience: these scenarios wait on several controllers in a row. */
const eventually = (check: () => Promise<void>, timeoutMs = 15_000) => eventuallyWithin(check, timeoutMs);

beforeAll(async () => {
  cluster = await startCluster({ fakeKubelet: true });
});

afterAll(async () => {
  await cluster?.stop();
});

describe('kubectl workloads with controllers', () => {
  it('a Job runs its pod and completes when the container succeeds', async () => {
    expect(await ok(['create', 'job', 'pi', '--image=perl', '--', 'perl', '-e', 'print 1'])).toBe(
      'job.batch/pi created\n',
    );
    let podName = '';
    await eventually(async () => {
      podName = (await ok(['get', 'pods', '-l', 'job-name=pi', '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
      expect(podName).toMatch(/^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(await ok(['get', 'pod', podName, '-o', 'jsonpath={.status.phase}'])).toBe('Running');
    });
    // The container exits 0: what the kubelet reports.
    const store = cluster.cp.store;
    const pod = store.get('pods', 'default', podName)!;
    store.update('pods', { ...pod, status: { ...(pod.status as object), phase: 'Succeeded' } } as KubeObject);
    expect(await ok(['wait', '--for=condition=complete', 'job/pi', '--timeout=20s'])).toBe(
      'job.batch/pi condition met\n',
    );
    expect(await ok(['get', 'jobs'])).toMatch(/pi\s+1\/1\s+/);
  });

  it('a StatefulSet makes web-0..2 in order and rollout status reports it', async () => {
    const manifest = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
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
`;
    expect(await ok(['apply', '-f', '-'], manifest)).toBe('statefulset.apps/web created\n');
    const status = await ok(['rollout', 'status', 'statefulset/web', '--timeout=30s']);
    expect(status).toContain('partitioned roll out complete: 3 new pods have been updated...');
    expect((await ok(['get', 'pods', '-l', 'app=nginx', '-o', 'name'])).trim().split('\n')).toEqual([
      'pod/web-0',
      'pod/web-1',
      'pod/web-2',
    ]);
    expect(await ok(['get', 'statefulset', 'web'])).toMatch(/web\s+3\/3\s+/);
    expect(await ok(['rollout', 'history', 'statefulset/web'])).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>/);
  });

  it('a DaemonSet puts one pod on the node', async () => {
    const manifest = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: logs
spec:
  selector:
    matchLabels:
      app: logs
  template:
    metadata:
      labels:
        app: logs
    spec:
      containers:
      - name: fluentd
        image: fluentd:v1
`;
    expect(await ok(['apply', '-f', '-'], manifest)).toBe('daemonset.apps/logs created\n');
    expect(await ok(['rollout', 'status', 'daemonset/logs', '--timeout=30s'])).toContain(
      'daemon set "logs" successfully rolled out',
    );
    expect(await ok(['get', 'ds', 'logs'])).toMatch(/logs\s+1\s+1\s+1\s+1\s+1\s+<none>\s+/);
  });

  it('a Service gets Endpoints with the ready pods', async () => {
    await ok(['create', 'deployment', 'hello', '--image=nginx']);
    await ok(['rollout', 'status', 'deployment/hello', '--timeout=30s']);
    expect(await ok(['expose', 'deployment', 'hello', '--port=80'])).toBe('service/hello exposed\n');
    await eventually(async () => {
      const ip = await ok(['get', 'pods', '-l', 'app=hello', '-o', 'jsonpath={.items[0].status.podIP}']);
      expect(await ok(['get', 'endpoints', 'hello'])).toMatch(
        new RegExp(`hello\\s+${ip.replace(/\./g, '\\.')}:80\\s+`),
      );
    });
  });

  it('every namespace gets a default ServiceAccount; deleting a namespace empties and removes it', async () => {
    await ok(['create', 'namespace', 'team']);
    await eventually(async () => {
      expect(await ok(['get', 'serviceaccounts', '-n', 'team'])).toMatch(/default\s+1\s+/);
    });
    await ok(['create', 'deployment', 'web', '--image=nginx', '-n', 'team']);
    await ok(['rollout', 'status', 'deployment/web', '-n', 'team', '--timeout=30s']);
    expect(await ok(['delete', 'namespace', 'team'])).toBe('namespace "team" deleted\n');
    const gone = await cluster.kubectl(['get', 'namespace', 'team']);
    expect(gone.stderr).toContain('namespaces "team" not found');
  });
});
