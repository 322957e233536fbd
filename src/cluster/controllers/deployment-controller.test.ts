import { afterEach, describe, expect, it } from 'vitest';
import { deploymentManifest, testCluster, type TestCluster } from './test-cluster.js';
import type { Deployment, Pod, ReplicaSet } from '../objects/index.js';

let cluster: TestCluster;
afterEach(() => cluster?.stop());

const list = <T>(c: TestCluster, resource: string) => c.store.list(resource).items as T[];
const deploy = (c: TestCluster, name: string) => c.store.get('deployments.apps', 'default', name) as Deployment;

describe('Deployment controller', () => {
  it('creates <name>-<hash> ReplicaSet and <rs>-xxxxx pods, then reports a complete rollout', async () => {
    cluster = testCluster();
    cluster.create('deployments.apps', deploymentManifest('nginx-deployment', 3));
    await cluster.settle();

    const [rs] = list<ReplicaSet>(cluster, 'replicasets.apps');
    const hash = rs!.metadata.labels!['pod-template-hash']!;
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rs!.metadata.name).toBe(`nginx-deployment-${hash}`);
    expect(rs!.spec.selector.matchLabels).toEqual({ app: 'nginx-deployment', 'pod-template-hash': hash });
    expect(rs!.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'nginx-deployment',
        uid: deploy(cluster, 'nginx-deployment').metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(rs!.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(rs!.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, fullyLabeledReplicas: 3 });

    const pods = list<Pod>(cluster, 'pods');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^${rs!.metadata.name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({
        kind: 'ReplicaSet',
        name: rs!.metadata.name,
        controller: true,
      });
      expect(p.spec.nodeName).toBe('wharf');
    }

    const d = deploy(cluster, 'nginx-deployment');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(d.status?.unavailableReplicas).toBeUndefined();
    expect(d.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      [
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${rs!.metadata.name}" has successfully progressed.`,
      ],
    ]);

    const events = list<{ reason: string; message: string; involvedObject: { kind: string } }>(cluster, 'events');
    expect(events).toContainEqual(
      expect.objectContaining({
        reason: 'ScalingReplicaSet',
        message: `Scaled up replica set ${rs!.metadata.name} to 3`,
      }),
    );
    expect(events.filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(3);
    expect(events.filter((e) => e.reason === 'Scheduled')).toHaveLength(3);
  });
});
