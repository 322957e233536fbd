import { afterEach, describe, expect, it } from 'vitest';
import { deploymentManifest, testCluster, type TestCluster } from '../controllers/test-cluster.js';
import type { KubeObject, Pod } from '../objects/index.js';

let cluster: TestCluster;
afterEach(() => cluster?.stop());

const TOO_MANY = '0/1 nodes are available: 1 Too many pods.';

/** The node as the kubelet reports it: room for 110 pods. */
function withPodCapacity(c: TestCluster, pods: string): void {
  const node = c.store.get('nodes', undefined, 'wharf')!;
  c.store.update('nodes', {
    ...node,
    status: { ...(node as { status?: object }).status, capacity: { pods }, allocatable: { pods } },
  } as KubeObject);
}

const bare = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
  status: { phase: 'Pending' },
});

const pods = () => cluster.store.list('pods').items as Pod[];
const pod = (name: string) => cluster.store.get('pods', 'default', name) as Pod;

describe('scheduler: the node pod capacity', () => {
  it('keeps the 111th pod Pending as kube-scheduler does, and binds it once a pod is deleted', async () => {
    cluster = testCluster();
    withPodCapacity(cluster, '110');
    for (let i = 1; i <= 111; i++) cluster.create('pods', bare(`p${i}`));
    await cluster.settle();

    expect(pods().filter((p) => p.spec.nodeName === 'wharf')).toHaveLength(110);
    const waiting = pod('p111');
    expect(waiting.spec.nodeName).toBeUndefined();
    expect(waiting.status?.phase).toBe('Pending');
    expect(waiting.status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: TOO_MANY }),
    );
    expect(cluster.store.list('events').items).toContainEqual(
      expect.objectContaining({
        type: 'Warning',
        reason: 'FailedScheduling',
        message: TOO_MANY,
        involvedObject: expect.objectContaining({ name: 'p111' }),
        source: { component: 'default-scheduler' },
      }),
    );

    cluster.store.delete('pods', 'default', 'p7');
    await cluster.advance(1000);
    expect(pod('p111').spec.nodeName).toBe('wharf');
    expect(pod('p111').status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'PodScheduled', status: 'True' }),
    );
    expect(pods().filter((p) => p.spec.nodeName === 'wharf')).toHaveLength(110);
  });

  it('caps several Deployments together at the node capacity, and a finished pod frees its place', async () => {
    cluster = testCluster();
    withPodCapacity(cluster, '110');
    cluster.create('deployments.apps', deploymentManifest('a', 100));
    cluster.create('deployments.apps', deploymentManifest('b', 100));
    await cluster.settle();
    const all = pods();
    expect(all).toHaveLength(200);
    expect(all.filter((p) => p.spec.nodeName)).toHaveLength(110);
    const pending = all.filter((p) => !p.spec.nodeName);
    expect(pending.every((p) => p.status?.conditions?.some((c) => c.message === TOO_MANY))).toBe(true);

    const running = all.find((p) => p.spec.nodeName)!;
    const finished = { ...running, status: { ...running.status, phase: 'Succeeded' } };
    cluster.store.update('pods', finished as KubeObject);
    await cluster.settle();
    expect(pods().filter((p) => p.spec.nodeName && p.status?.phase !== 'Succeeded')).toHaveLength(110);
  });
});
