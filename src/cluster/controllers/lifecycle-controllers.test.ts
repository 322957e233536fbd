import { afterEach, describe, expect, it } from 'vitest';
import { deploymentManifest, testCluster, type TestCluster } from './test-cluster.js';
import type { KubeObject, Pod } from '../objects/index.js';

let cluster: TestCluster;
afterEach(() => cluster?.stop());

const count = (resource: string, ns?: string) => cluster.store.list(resource, ns ? { namespace: ns } : {}).items.length;

/** What the API server does for DELETE with propagationPolicy Foreground/Orphan: add the finalizer, then delete. */
function deleteWith(resource: string, name: string, policy: 'Foreground' | 'Orphan' | 'Background', ns = 'default') {
  const obj = cluster.store.get(resource, ns, name)!;
  if (policy !== 'Background') {
    const finalizer = policy === 'Foreground' ? 'foregroundDeletion' : 'orphan';
    cluster.store.update(resource, { ...obj, metadata: { ...obj.metadata, finalizers: [finalizer] } } as KubeObject);
  }
  cluster.store.delete(resource, ns, name);
}

describe('garbage collector', () => {
  it('Background: deleting a Deployment removes its ReplicaSet and pods after it', async () => {
    cluster = testCluster();
    cluster.create('deployments.apps', deploymentManifest('web', 3));
    await cluster.settle();
    expect(count('pods')).toBe(3);
    deleteWith('deployments.apps', 'web', 'Background');
    expect(cluster.store.get('deployments.apps', 'default', 'web')).toBeUndefined();
    await cluster.settle();
    expect(count('replicasets.apps')).toBe(0);
    expect(count('pods')).toBe(0);
  });

  it('Foreground: the owner stays with a deletionTimestamp until its dependents are gone', async () => {
    // No kubelet stand-in finishing deletions: pods stay Terminating, so the chain stays blocked.
    cluster = testCluster({ driver: { finishDeletes: false } });
    cluster.create('deployments.apps', deploymentManifest('web', 2));
    await cluster.settle();
    deleteWith('deployments.apps', 'web', 'Foreground');
    await cluster.settle();
    const d = cluster.store.get('deployments.apps', 'default', 'web');
    expect(d?.metadata.deletionTimestamp).toBeDefined();
    expect(d?.metadata.finalizers).toEqual(['foregroundDeletion']);
    const rs = cluster.store.list('replicasets.apps').items[0]!;
    expect(rs.metadata.deletionTimestamp).toBeDefined();
    expect((cluster.store.list('pods').items as Pod[]).every((p) => p.metadata.deletionTimestamp)).toBe(true);

    // The kubelet finishes the pods: the ReplicaSet, then the Deployment go.
    for (const p of cluster.store.list('pods').items) cluster.store.delete('pods', 'default', p.metadata.name!);
    await cluster.settle();
    expect(count('replicasets.apps')).toBe(0);
    expect(cluster.store.get('deployments.apps', 'default', 'web')).toBeUndefined();
  });

  it('Orphan: dependents survive without the ownerReference', async () => {
    cluster = testCluster();
    cluster.create('deployments.apps', deploymentManifest('web', 2));
    await cluster.settle();
    deleteWith('deployments.apps', 'web', 'Orphan');
    await cluster.settle();
    expect(cluster.store.get('deployments.apps', 'default', 'web')).toBeUndefined();
    const [rs] = cluster.store.list('replicasets.apps').items;
    expect(rs?.metadata.ownerReferences ?? []).toEqual([]);
    expect(count('pods')).toBe(2);
  });
});

describe('namespace controller', () => {
  it('marks a deleted namespace Terminating, empties it, then removes it', async () => {
    cluster = testCluster({ driver: { finishDeletes: false } });
    cluster.create('namespaces', { metadata: { name: 'team', finalizers: [] }, spec: { finalizers: ['kubernetes'] } });
    cluster.create('deployments.apps', {
      ...deploymentManifest('web', 2),
      metadata: { name: 'web', namespace: 'team' },
    });
    cluster.create('configmaps', { metadata: { name: 'cfg', namespace: 'team' }, data: { a: '1' } });
    await cluster.settle();
    expect(count('pods', 'team')).toBe(2);
    expect(count('serviceaccounts', 'team')).toBe(1);

    // What the API does for DELETE on a namespace: the `kubernetes` finalizer keeps it while it terminates.
    const ns = cluster.store.get('namespaces', undefined, 'team')!;
    cluster.store.update('namespaces', {
      ...ns,
      metadata: { ...ns.metadata, finalizers: ['kubernetes'] },
    } as KubeObject);
    cluster.store.delete('namespaces', undefined, 'team');
    await cluster.settle();
    expect(cluster.store.get('namespaces', undefined, 'team')).toMatchObject({ status: { phase: 'Terminating' } });
    expect(count('configmaps', 'team')).toBe(0);
    expect(count('deployments.apps', 'team')).toBe(0);

    for (const p of cluster.store.list('pods', { namespace: 'team' }).items)
      cluster.store.delete('pods', 'team', p.metadata.name!);
    await cluster.settle();
    expect(cluster.store.get('namespaces', undefined, 'team')).toBeUndefined();
    expect(count('pods', 'team')).toBe(0);
  });
});

describe('endpoints controller', () => {
  it('lists ready pods under addresses and others under notReadyAddresses, resolving named ports', async () => {
    cluster = testCluster();
    const d = deploymentManifest('web', 2);
    (d.spec as { template: { spec: { containers: { ports: object[] }[] } } }).template.spec.containers[0]!.ports = [
      { name: 'http', containerPort: 8080 },
    ];
    cluster.create('deployments.apps', d);
    cluster.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: { selector: { app: 'web' }, ports: [{ name: 'web', port: 80, targetPort: 'http', protocol: 'TCP' }] },
    });
    await cluster.settle();
    const ep = cluster.store.get('endpoints', 'default', 'web') as KubeObject & {
      subsets: {
        addresses: { ip: string; nodeName: string; targetRef: { kind: string; name: string } }[];
        ports: object[];
      }[];
    };
    expect(ep.metadata.labels).toEqual({ app: 'web' });
    expect(ep.subsets).toHaveLength(1);
    expect(ep.subsets[0]!.ports).toEqual([{ name: 'web', port: 8080, protocol: 'TCP' }]);
    const pods = cluster.store.list('pods').items as Pod[];
    expect(ep.subsets[0]!.addresses.map((a) => a.targetRef.name).sort()).toEqual(
      pods.map((p) => p.metadata.name).sort(),
    );
    expect(ep.subsets[0]!.addresses[0]).toMatchObject({ nodeName: 'wharf', targetRef: { kind: 'Pod' } });

    // A pod turning not-ready moves to notReadyAddresses.
    const pod = structuredClone(pods[0]!);
    pod.status!.conditions = pod.status!.conditions!.map((c) =>
      c.type === 'Ready' ? { ...c, status: 'False' as const } : c,
    );
    cluster.store.update('pods', pod as never);
    await cluster.settle();
    const after = cluster.store.get('endpoints', 'default', 'web') as unknown as {
      subsets: { addresses?: object[]; notReadyAddresses?: { ip: string }[] }[];
    };
    expect(after.subsets[0]!.addresses).toHaveLength(1);
    expect(after.subsets[0]!.notReadyAddresses?.map((a) => a.ip)).toEqual([pod.status!.podIP]);

    // Deleting the service deletes its Endpoints.
    cluster.store.delete('services', 'default', 'web');
    await cluster.settle();
    expect(cluster.store.get('endpoints', 'default', 'web')).toBeUndefined();
  });

  it('writes an Endpoints without subsets when nothing matches', async () => {
    cluster = testCluster();
    cluster.create('services', {
      metadata: { name: 'none', namespace: 'default' },
      spec: { selector: { app: 'x' }, ports: [{ port: 80 }] },
    });
    await cluster.settle();
    const ep = cluster.store.get('endpoints', 'default', 'none');
    expect(ep).toBeDefined();
    expect(ep!.subsets).toBeUndefined();
  });
});

describe('service accounts', () => {
  it('gives every namespace a default ServiceAccount with a token secret, and recreates it', async () => {
    cluster = testCluster();
    await cluster.settle();
    const sa = cluster.store.get('serviceaccounts', 'default', 'default') as KubeObject & {
      secrets: { name: string }[];
    };
    expect(sa.secrets[0]!.name).toMatch(/^default-token-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(cluster.store.get('secrets', 'default', sa.secrets[0]!.name)).toMatchObject({
      type: 'kubernetes.io/service-account-token',
    });
    cluster.store.delete('serviceaccounts', 'default', 'default');
    await cluster.settle();
    expect(cluster.store.get('serviceaccounts', 'default', 'default')).toBeDefined();
  });
});

describe('scheduler', () => {
  const bare = (name: string, spec: object = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
    status: { phase: 'Pending' },
  });

  it('binds a pod to the node with PodScheduled and a Scheduled event', async () => {
    cluster = testCluster({ driver: false });
    cluster.create('pods', bare('x'));
    await cluster.settle();
    const pod = cluster.store.get('pods', 'default', 'x') as Pod;
    expect(pod.spec.nodeName).toBe('wharf');
    expect(pod.status?.conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'True' }));
    expect(cluster.store.list('events').items).toContainEqual(
      expect.objectContaining({
        reason: 'Scheduled',
        message: 'Successfully assigned default/x to wharf',
        source: { component: 'default-scheduler' },
      }),
    );
  });

  it('leaves an impossible pod Pending with upstream FailedScheduling wording, and binds it once the node fits', async () => {
    cluster = testCluster({ driver: false });
    cluster.create('pods', bare('picky', { nodeSelector: { disktype: 'ssd' } }));
    await cluster.settle();
    const msg = "0/1 nodes are available: 1 node(s) didn't match node selector.";
    expect((cluster.store.get('pods', 'default', 'picky') as Pod).status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg }),
    );
    expect(cluster.store.list('events').items).toContainEqual(
      expect.objectContaining({ reason: 'FailedScheduling', type: 'Warning', message: msg }),
    );

    const node = cluster.store.get('nodes', undefined, 'wharf')!;
    cluster.store.update('nodes', {
      ...node,
      metadata: { ...node.metadata, labels: { ...node.metadata.labels, disktype: 'ssd' } },
    } as KubeObject);
    await cluster.settle();
    expect((cluster.store.get('pods', 'default', 'picky') as Pod).spec.nodeName).toBe('wharf');
  });

  it('respects taints and cordoned nodes', async () => {
    cluster = testCluster({ driver: false });
    const node = cluster.store.get('nodes', undefined, 'wharf')!;
    cluster.store.update('nodes', {
      ...node,
      spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
    } as KubeObject);
    cluster.create('pods', bare('plain'));
    cluster.create(
      'pods',
      bare('tolerant', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }),
    );
    await cluster.settle();
    expect((cluster.store.get('pods', 'default', 'plain') as Pod).spec.nodeName).toBeUndefined();
    expect((cluster.store.get('pods', 'default', 'tolerant') as Pod).spec.nodeName).toBe('wharf');
    expect(cluster.store.list('events').items).toContainEqual(
      expect.objectContaining({
        message: "0/1 nodes are available: 1 node(s) had taint {dedicated: gpu}, that the pod didn't tolerate.",
      }),
    );
    const n2 = cluster.store.get('nodes', undefined, 'wharf')!;
    cluster.store.update('nodes', { ...n2, spec: { unschedulable: true } } as KubeObject);
    cluster.create('pods', bare('late'));
    await cluster.settle();
    expect(cluster.store.list('events').items).toContainEqual(
      expect.objectContaining({ message: '0/1 nodes are available: 1 node(s) were unschedulable.' }),
    );
  });
});
