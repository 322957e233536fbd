import { afterEach, describe, expect, it } from 'vitest';
import { deploymentManifest, testCluster, type TestCluster } from './test-cluster.js';
import type { Deployment, KubeObject, Pod, ReplicaSet } from '../objects/index.js';

let cluster: TestCluster;
afterEach(() => cluster?.stop());

const list = <T>(resource: string) => cluster.store.list(resource).items as T[];
const get = (name = 'web') => cluster.store.get('deployments.apps', 'default', name) as Deployment;
const replicaSets = () => list<ReplicaSet>('replicasets.apps');
const livePods = () => list<Pod>('pods').filter((p) => !p.metadata.deletionTimestamp);
const revision = (o: KubeObject) => o.metadata.annotations?.['deployment.kubernetes.io/revision'];

/** What `kubectl set image` / `edit` / `scale` amount to: a spec change through the API (generation bumps). */
function edit(change: (d: Deployment) => void, name = 'web'): void {
  const d = structuredClone(get(name));
  change(d);
  cluster.store.update('deployments.apps', d as never);
}

function setImage(image: string): void {
  edit((d) => (d.spec.template.spec!.containers[0]!.image = image));
}

function complete(d: Deployment): boolean {
  const want = d.spec.replicas ?? 1;
  const s = d.status ?? {};
  return (
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1) &&
    (s.updatedReplicas ?? 0) === want &&
    (s.replicas ?? 0) === want &&
    (s.availableReplicas ?? 0) === want
  );
}

describe('rolling update', () => {
  it('rolls to a new ReplicaSet within maxSurge/maxUnavailable and bumps the revision', async () => {
    cluster = testCluster();
    cluster.create(
      'deployments.apps',
      deploymentManifest('web', 4, 'nginx:1.14.2', {
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      }),
    );
    await cluster.settle();
    const first = replicaSets()[0]!;

    // Watch every pod change: never more than replicas + maxSurge pods alive at once.
    let peak = 0;
    const stop = cluster.port.listAndWatch('pods', () => (peak = Math.max(peak, livePods().length)));
    setImage('nginx:1.16.1');
    await cluster.settle();
    stop();

    expect(peak).toBeLessThanOrEqual(5);
    const rss = replicaSets();
    expect(rss).toHaveLength(2);
    const second = rss.find((r) => r.metadata.name !== first.metadata.name)!;
    expect(second.spec.replicas).toBe(4);
    expect(cluster.store.get('replicasets.apps', 'default', first.metadata.name!)).toMatchObject({
      spec: { replicas: 0 },
    });
    expect(revision(second)).toBe('2');
    expect(revision(get())).toBe('2');
    expect(livePods().every((p) => p.spec.containers[0]!.image === 'nginx:1.16.1')).toBe(true);
    expect(complete(get())).toBe(true);

    const scaling = list<{ reason: string; message: string }>('events')
      .filter((e) => e.reason === 'ScalingReplicaSet')
      .map((e) => e.message);
    expect(scaling[0]).toBe(`Scaled up replica set ${first.metadata.name} to 4`);
    expect(scaling).toContain(`Scaled up replica set ${second.metadata.name} to 1`);
    expect(scaling).toContain(`Scaled down replica set ${first.metadata.name} to 3`);
    expect(scaling.at(-1)).toBe(`Scaled down replica set ${first.metadata.name} to 0`);
  });

  it('undo returns to the old ReplicaSet, which becomes revision 3 with history 1', async () => {
    cluster = testCluster();
    cluster.create('deployments.apps', deploymentManifest('web', 2));
    await cluster.settle();
    setImage('nginx:1.16.1');
    await cluster.settle();
    // `kubectl rollout undo`: copy revision 1's template (minus the hash label) back into the Deployment.
    const old = replicaSets().find((r) => revision(r) === '1')!;
    const template = structuredClone(old.spec.template);
    delete template.metadata!.labels!['pod-template-hash'];
    edit((d) => (d.spec.template = template));
    await cluster.settle();

    const rss = replicaSets();
    expect(rss).toHaveLength(2);
    const back = cluster.store.get('replicasets.apps', 'default', old.metadata.name!) as ReplicaSet;
    expect(back.spec.replicas).toBe(2);
    expect(back.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/revision-history': '1',
    });
    expect(revision(get())).toBe('3');
    expect(livePods().every((p) => p.spec.containers[0]!.image === 'nginx:1.14.2')).toBe(true);
  });

  it('keeps only revisionHistoryLimit old ReplicaSets', async () => {
    cluster = testCluster();
    cluster.create('deployments.apps', deploymentManifest('web', 1, 'nginx:1', { revisionHistoryLimit: 1 }));
    await cluster.settle();
    for (const tag of ['2', '3', '4']) {
      setImage(`nginx:${tag}`);
      await cluster.settle();
    }
    expect(replicaSets().map(revision).sort()).toEqual(['3', '4']);
  });
});

describe('scaling and self-healing', () => {
  it('spreads a scale-up over old and new ReplicaSets in proportion while a rollout is stuck', async () => {
    cluster = testCluster();
    cluster.create(
      'deployments.apps',
      deploymentManifest('web', 10, 'nginx:1', {
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } },
      }),
    );
    await cluster.settle();
    const old = replicaSets()[0]!.metadata.name!;
    // New pods never become ready: the rollout stops at old 8 / new 5 (10 + 3 surge, 10 - 2 unavailable).
    cluster.setDriver({ ready: false });
    setImage('nginx:does-not-exist');
    await cluster.settle();
    const sizes = () =>
      Object.fromEntries(replicaSets().map((r) => [r.metadata.name === old ? 'old' : 'new', r.spec.replicas]));
    expect(sizes()).toEqual({ old: 8, new: 5 });
    // Scale to 15 mid-rollout: 18 allowed in total, the 5 extra split 3 / 2 by each RS's share.
    edit((d) => (d.spec.replicas = 15));
    await cluster.settle();
    expect(sizes()).toEqual({ old: 11, new: 7 });
    const annotations = replicaSets().map((r) => r.metadata.annotations ?? {});
    for (const a of annotations) {
      expect(a['deployment.kubernetes.io/desired-replicas']).toBe('15');
      expect(a['deployment.kubernetes.io/max-replicas']).toBe('18');
    }
  });

  it('scales up and down, replacing deleted pods', async () => {
    cluster = testCluster();
    cluster.create('deployments.apps', deploymentManifest('web', 2));
    await cluster.settle();
    edit((d) => (d.spec.replicas = 5));
    await cluster.settle();
    expect(livePods()).toHaveLength(5);
    expect(get().status).toMatchObject({ replicas: 5, availableReplicas: 5 });

    const victim = livePods()[0]!;
    cluster.store.delete('pods', 'default', victim.metadata.name!);
    await cluster.settle();
    expect(livePods()).toHaveLength(5);
    expect(livePods().map((p) => p.metadata.name)).not.toContain(victim.metadata.name);

    edit((d) => (d.spec.replicas = 1));
    await cluster.settle();
    expect(livePods()).toHaveLength(1);
    const events = list<{ reason: string; message: string }>('events');
    expect(events.some((e) => e.reason === 'SuccessfulDelete' && /^Deleted pod: web-/.test(e.message))).toBe(true);
    expect(events.some((e) => e.message.startsWith('Scaled down replica set') && e.message.endsWith(' to 1'))).toBe(
      true,
    );
  });

  it('adopts a matching orphan pod instead of creating a new one, and releases a relabelled one', async () => {
    cluster = testCluster();
    cluster.create('deployments.apps', deploymentManifest('web', 1));
    await cluster.settle();
    const [pod] = livePods();
    const rsName = replicaSets()[0]!.metadata.name!;
    // Relabel the pod: the ReplicaSet lets it go (ownerReference removed) and makes a replacement.
    const relabelled = structuredClone(pod!);
    relabelled.metadata.labels = { app: 'debug' };
    cluster.store.update('pods', relabelled as never);
    await cluster.settle();
    const after = cluster.store.get('pods', 'default', pod!.metadata.name!) as Pod;
    expect(after.metadata.ownerReferences ?? []).toEqual([]);
    expect(livePods().filter((p) => p.metadata.ownerReferences?.[0]?.name === rsName)).toHaveLength(1);
  });
});

describe('Recreate', () => {
  it('removes every old pod before the new ReplicaSet starts any', async () => {
    cluster = testCluster();
    cluster.create('deployments.apps', deploymentManifest('web', 3, 'nginx:1', { strategy: { type: 'Recreate' } }));
    await cluster.settle();
    let mixed = false;
    const stop = cluster.port.listAndWatch('pods', () => {
      const images = new Set(list<Pod>('pods').map((p) => p.spec.containers[0]!.image));
      if (images.size > 1) mixed = true;
    });
    setImage('nginx:2');
    await cluster.settle();
    stop();
    expect(mixed).toBe(false);
    expect(livePods()).toHaveLength(3);
    expect(livePods().every((p) => p.spec.containers[0]!.image === 'nginx:2')).toBe(true);
    expect(complete(get())).toBe(true);
  });
});

describe('pause, deadlines and minReadySeconds', () => {
  it('holds a paused rollout and resumes it', async () => {
    cluster = testCluster();
    cluster.create('deployments.apps', deploymentManifest('web', 2));
    await cluster.settle();
    edit((d) => (d.spec.paused = true));
    await cluster.settle();
    setImage('nginx:2');
    await cluster.settle();
    expect(replicaSets()).toHaveLength(1);
    expect(get().status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    });
    edit((d) => (d.spec.paused = false));
    await cluster.settle();
    expect(replicaSets()).toHaveLength(2);
    expect(complete(get())).toBe(true);
    expect(get().status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
  });

  it('marks a rollout that makes no progress ProgressDeadlineExceeded', async () => {
    cluster = testCluster({ driver: { ready: false } });
    cluster.create('deployments.apps', deploymentManifest('web', 2, 'nginx:1', { progressDeadlineSeconds: 30 }));
    await cluster.settle();
    const progressing = () => get().status?.conditions?.find((c) => c.type === 'Progressing');
    expect(progressing()).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
    expect(get().status?.conditions?.find((c) => c.type === 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
    });
    await cluster.advance(20_000);
    expect(progressing()?.status).toBe('True');
    await cluster.advance(12_000);
    expect(progressing()).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${replicaSets()[0]!.metadata.name}" has timed out progressing.`,
    });
  });

  it('counts pods available only minReadySeconds after they became ready', async () => {
    cluster = testCluster();
    cluster.create('deployments.apps', deploymentManifest('web', 2, 'nginx:1', { minReadySeconds: 10 }));
    await cluster.settle();
    expect(get().status).toMatchObject({ readyReplicas: 2, unavailableReplicas: 2 });
    expect(get().status?.availableReplicas).toBeUndefined();
    await cluster.advance(11_000);
    expect(get().status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
    expect(complete(get())).toBe(true);
  });
});
