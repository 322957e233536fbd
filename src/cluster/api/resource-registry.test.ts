import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { ObjectStore } from '../store/index.js';
import { ResourceRegistry } from './resource-registry.js';
import { seedCluster } from './seed.js';

function setup(): ResourceRegistry {
  const clock = new FakeClock();
  let n = 0;
  const registry = new ResourceRegistry(new ObjectStore({ now: () => clock.now() }), {
    clock,
    random: () => ((n = (n * 7 + 3) % 97), n / 97),
  });
  seedCluster(registry);
  return registry;
}

describe('ResourceRegistry', () => {
  it('defaults a pod like the real API server and admission do', () => {
    const r = setup();
    const pod = r.create(r.byKey('pods'), 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { generateName: 'web-' },
      spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] },
    }) as { metadata: { name: string }; spec: Record<string, unknown>; status: Record<string, unknown> };
    expect(pod.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      enableServiceLinks: true,
      containers: [
        {
          imagePullPolicy: 'Always',
          terminationMessagePath: '/dev/termination-log',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
        },
      ],
    });
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('keeps status on main-resource updates and spec on status updates', () => {
    const r = setup();
    const def = r.byKey('deployments.apps');
    const body = {
      metadata: { name: 'd' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } },
      },
      status: { replicas: 99 },
    };
    const created = r.create(def, 'default', body);
    expect(created.status).toBeUndefined();
    const withStatus = r.update(
      def,
      'default',
      'd',
      { ...created, status: { replicas: 1 }, spec: { ...(created.spec as object), replicas: 5 } },
      {},
      'status',
    );
    expect((withStatus.spec as { replicas: number }).replicas).toBe(1);
    expect(withStatus.status).toEqual({ replicas: 1 });
    const main = r.update(def, 'default', 'd', { ...withStatus, status: { replicas: 7 } });
    expect(main.status).toEqual({ replicas: 1 });
  });

  it('refuses creates in a missing or terminating namespace with upstream errors', () => {
    const r = setup();
    const cm = r.byKey('configmaps');
    expect(() => r.create(cm, 'nope', { metadata: { name: 'x' } })).toThrowError('namespaces "nope" not found');
    r.create(r.byKey('namespaces'), undefined, { metadata: { name: 'gone' } });
    r.delete(r.byKey('namespaces'), undefined, 'gone');
    expect(() => r.create(cm, 'gone', { metadata: { name: 'x' } })).toThrowError(
      'configmaps "x" is forbidden: unable to create new content in namespace gone because it is being terminated',
    );
  });

  it('allocates distinct cluster IPs in 10.96.0.0/12 and rejects a taken one', () => {
    const r = setup();
    const svc = r.byKey('services');
    const mk = (name: string, extra: object = {}) =>
      r.create(svc, 'default', { metadata: { name }, spec: { ports: [{ port: 80 }], ...extra } }).spec as {
        clusterIP: string;
      };
    const a = mk('a').clusterIP;
    const b = mk('b').clusterIP;
    expect(a).not.toBe(b);
    for (const ip of [a, b]) expect(ip).toMatch(/^10\.(9[6-9]|10\d|11[01])\./);
    expect(() => mk('c', { clusterIP: a })).toThrowError(/provided IP is already allocated/);
  });

  it('scale reads and writes spec.replicas through an autoscaling/v1 Scale', () => {
    const r = setup();
    const def = r.byKey('deployments.apps');
    r.create(def, 'default', {
      metadata: { name: 'd' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } },
      },
    });
    expect(r.getScale(def, 'default', 'd')).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 1 },
      status: { selector: 'a=b' },
    });
    const scaled = r.patchScale(def, 'default', 'd', 'merge', { spec: { replicas: 4 } });
    expect(scaled.spec).toEqual({ replicas: 4 });
    expect(() => r.patchScale(def, 'default', 'd', 'merge', { spec: { replicas: -1 } })).toThrowError(
      'The Scale "d" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });

  it('binding sets nodeName and PodScheduled once, then conflicts', () => {
    const r = setup();
    r.create(r.byKey('pods'), 'default', {
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'x:1' }] },
    });
    r.bind('default', 'p', { target: { kind: 'Node', name: 'wharf' } });
    const pod = r.store.get('pods', 'default', 'p')!;
    expect((pod.spec as { nodeName: string }).nodeName).toBe('wharf');
    expect(() => r.bind('default', 'p', { target: { name: 'other' } })).toThrowError(
      /already assigned to node "wharf"/,
    );
  });
});

describe('ResourceRegistry reviews', () => {
  it('answers a SelfSubjectAccessReview as allowed and stores nothing', () => {
    const r = setup();
    const def = r.byKey('selfsubjectaccessreviews.authorization.k8s.io');
    const before = r.store.resourceVersion;
    const review = r.create(def, undefined, {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { verb: 'create', resource: 'pods', namespace: 'default' } },
    });
    expect(review).toMatchObject({
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { verb: 'create', resource: 'pods' } },
      status: { allowed: true },
    });
    expect(r.store.resourceVersion).toBe(before);
  });
});

describe('ResourceRegistry decoding', () => {
  it('drops unknown fields and rejects wrong JSON types with a 400 instead of failing later', () => {
    const r = setup();
    const pods = r.byKey('pods');
    const pod = r.create(pods, 'default', {
      metadata: { name: 'p', bogus: 1 },
      spec: { containers: [{ name: 'c', image: 'x:1', imagez: 'typo' }], extra: true },
    });
    expect(pod.metadata).not.toHaveProperty('bogus');
    expect((pod.spec as { containers: object[] }).containers[0]).not.toHaveProperty('imagez');
    expect(pod.spec).not.toHaveProperty('extra');
    expect(() => r.create(pods, 'default', { metadata: { name: 'q' }, spec: 'nope' })).toThrowError(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Pod.spec of type v1.PodSpec',
    );
    expect(() =>
      r.create(pods, 'default', {
        metadata: { name: 'q' },
        spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: '80' }] }] },
      }),
    ).toThrowError(
      /cannot unmarshal string into Go struct field Pod\.spec\.containers\.ports\.containerPort of type int32/,
    );
    // int-or-string and quantities take numbers or strings.
    const d = r.create(r.byKey('deployments.apps'), 'default', {
      metadata: { name: 'd' },
      spec: {
        strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: '50%' } },
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: { containers: [{ name: 'c', image: 'x:1', resources: { limits: { cpu: 1, memory: '64Mi' } } }] },
        },
      },
    });
    expect(d.spec).toMatchObject({ strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: '50%' } } });
  });
});
