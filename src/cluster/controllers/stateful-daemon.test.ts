import { afterEach, describe, expect, it } from 'vitest';
import { testCluster, type TestCluster } from './test-cluster.js';
import { isPodReady } from './pod-util.js';
import type { KubeObject, Pod } from '../objects/index.js';

let cluster: TestCluster;
afterEach(() => cluster?.stop());

const pods = () => cluster.store.list('pods').items as Pod[];
const live = () => pods().filter((p) => !p.metadata.deletionTimestamp);

function statefulSet(replicas: number, image = 'nginx:1'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image }] } },
      volumeClaimTemplates: [
        {
          metadata: { name: 'www' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
    },
  };
}

function editSpec(resource: string, name: string, change: (spec: Record<string, unknown>) => void): void {
  const obj = structuredClone(cluster.store.get(resource, 'default', name)) as KubeObject & {
    spec: Record<string, unknown>;
  };
  change(obj.spec);
  cluster.store.update(resource, obj);
}

describe('StatefulSet controller', () => {
  it('creates web-0..N-1 in order, each after the previous is Ready, with claims and stable hostnames', async () => {
    cluster = testCluster();
    const order: string[] = [];
    const stop = cluster.port.listAndWatch('pods', (e) => {
      if (e.type !== 'ADDED') return;
      const name = e.object.metadata.name!;
      const ordinal = Number(name.split('-').pop());
      const previous = cluster.store.get('pods', 'default', `web-${ordinal - 1}`) as Pod | undefined;
      order.push(ordinal === 0 || (previous && isPodReady(previous)) ? name : `${name}(early)`);
    });
    cluster.create('statefulsets.apps', statefulSet(3));
    await cluster.settle();
    stop();
    expect(order).toEqual(['web-0', 'web-1', 'web-2']);
    const web1 = cluster.store.get('pods', 'default', 'web-1') as Pod;
    expect(web1.spec).toMatchObject({ hostname: 'web-1', subdomain: 'nginx' });
    expect(web1.metadata.labels).toMatchObject({ app: 'nginx', 'statefulset.kubernetes.io/pod-name': 'web-1' });
    expect(web1.spec.volumes).toContainEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } });
    expect(
      cluster.store
        .list('persistentvolumeclaims')
        .items.map((c) => c.metadata.name)
        .sort(),
    ).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    const set = cluster.store.get('statefulsets.apps', 'default', 'web') as KubeObject & {
      status: Record<string, unknown>;
    };
    expect(set.status).toMatchObject({ replicas: 3, readyReplicas: 3, updatedReplicas: 3, currentReplicas: 3 });
    expect(set.status.currentRevision).toBe(set.status.updateRevision);
    expect(web1.metadata.labels?.['controller-revision-hash']).toBe(set.status.updateRevision);
    expect(cluster.store.list('controllerrevisions.apps').items).toEqual([
      expect.objectContaining({ revision: 1, metadata: expect.objectContaining({ name: set.status.updateRevision }) }),
    ]);
    expect(cluster.store.list('events').items).toContainEqual(
      expect.objectContaining({
        reason: 'SuccessfulCreate',
        message: 'create Pod web-0 in StatefulSet web successful',
      }),
    );
  });

  it('scales down from the highest ordinal and rolls updates from the top', async () => {
    cluster = testCluster();
    cluster.create('statefulsets.apps', statefulSet(3));
    await cluster.settle();
    const deleted: string[] = [];
    const stop = cluster.port.listAndWatch('pods', (e) => {
      if (e.type === 'DELETED') deleted.push(e.object.metadata.name!);
    });
    editSpec('statefulsets.apps', 'web', (s) => (s.replicas = 1));
    await cluster.settle();
    expect(deleted).toEqual(['web-2', 'web-1']);
    editSpec('statefulsets.apps', 'web', (s) => (s.replicas = 3));
    await cluster.settle();
    deleted.length = 0;
    editSpec('statefulsets.apps', 'web', (s) => {
      (s.template as { spec: { containers: { image: string }[] } }).spec.containers[0]!.image = 'nginx:2';
    });
    await cluster.settle();
    stop();
    expect(deleted).toEqual(['web-2', 'web-1', 'web-0']);
    expect(live().map((p) => p.spec.containers[0]!.image)).toEqual(['nginx:2', 'nginx:2', 'nginx:2']);
    const revisions = cluster.store.list('controllerrevisions.apps').items as unknown as { revision: number }[];
    expect(revisions.map((r) => r.revision).sort()).toEqual([1, 2]);
  });
});

describe('DaemonSet controller', () => {
  const daemonSet = (image = 'fluentd:1'): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'logs', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'logs' } },
      template: { metadata: { labels: { app: 'logs' } }, spec: { containers: [{ name: 'fluentd', image }] } },
    },
  });

  it('runs one pod per eligible node, pinned by node affinity, and rolls template changes', async () => {
    cluster = testCluster();
    cluster.create('daemonsets.apps', daemonSet());
    await cluster.settle();
    expect(live()).toHaveLength(1);
    const pod = live()[0]!;
    expect(pod.metadata.name).toMatch(/^logs-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.spec.nodeName).toBe('wharf');
    expect(pod.spec.tolerations).toContainEqual({
      key: 'node.kubernetes.io/unschedulable',
      operator: 'Exists',
      effect: 'NoSchedule',
    });
    expect(cluster.store.get('daemonsets.apps', 'default', 'logs')).toMatchObject({
      status: {
        desiredNumberScheduled: 1,
        currentNumberScheduled: 1,
        numberReady: 1,
        numberAvailable: 1,
        updatedNumberScheduled: 1,
      },
    });

    editSpec('daemonsets.apps', 'logs', (s) => {
      (s.template as { spec: { containers: { image: string }[] } }).spec.containers[0]!.image = 'fluentd:2';
    });
    await cluster.settle();
    expect(live().map((p) => p.spec.containers[0]!.image)).toEqual(['fluentd:2']);
  });

  it('removes its pod from a node it no longer tolerates', async () => {
    cluster = testCluster();
    cluster.create('daemonsets.apps', daemonSet());
    await cluster.settle();
    const node = cluster.store.get('nodes', undefined, 'wharf')!;
    cluster.store.update('nodes', {
      ...node,
      spec: { taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] },
    } as KubeObject);
    await cluster.settle();
    expect(live()).toHaveLength(0);
    expect(cluster.store.get('daemonsets.apps', 'default', 'logs')).toMatchObject({
      status: { desiredNumberScheduled: 0 },
    });
  });
});
