import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import { applyStrategicMergePatch } from './strategic-merge.js';

const deployment = {
  kind: 'Deployment',
  spec: {
    template: {
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.19',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            readinessProbe: { periodSeconds: 10 },
          },
          { name: 'side', image: 'busybox' },
        ],
      },
    },
  },
};

describe('strategic merge patch', () => {
  it('merges containers by name and keeps fields the patch does not mention', () => {
    const out = applyStrategicMergePatch(deployment, {
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.20' }] } } },
    }) as typeof deployment;
    expect(out.spec.template.spec.containers).toEqual([
      {
        name: 'web',
        image: 'nginx:1.20',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        readinessProbe: { periodSeconds: 10 },
      },
      { name: 'side', image: 'busybox' },
    ]);
  });

  it('deletes list elements with $patch: delete, map keys with null, and orders by $setElementOrder', () => {
    const out = applyStrategicMergePatch(deployment, {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'new' }, { name: 'web' }],
            containers: [
              { name: 'side', $patch: 'delete' },
              { name: 'new', image: 'redis' },
              { name: 'web', readinessProbe: null },
            ],
          },
        },
      },
    }) as typeof deployment;
    expect(out.spec.template.spec.containers).toEqual([
      { name: 'new', image: 'redis' },
      { name: 'web', image: 'nginx:1.19', ports: [{ containerPort: 80, protocol: 'TCP' }] },
    ]);
  });

  it('replaces untagged lists (args) and merges service ports by port', () => {
    const svc = { kind: 'Service', spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } };
    const out = applyStrategicMergePatch(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }] } }) as typeof svc;
    expect(out.spec.ports).toEqual([{ port: 80, targetPort: 9090 }, { port: 443 }]);
    const args = applyStrategicMergePatch({ spec: { args: ['a', 'b'] } }, { spec: { args: ['c'] } });
    expect(args).toEqual({ spec: { args: ['c'] } });
  });

  it('honours $retainKeys and $patch: replace on maps', () => {
    const out = applyStrategicMergePatch(
      { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } },
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    );
    expect(out).toEqual({ spec: { strategy: { type: 'Recreate' } } });
    const replaced = applyStrategicMergePatch(
      { metadata: { labels: { a: '1', b: '2' } } },
      { metadata: { labels: { $patch: 'replace', c: '3' } } },
    );
    expect(replaced).toEqual({ metadata: { labels: { c: '3' } } });
  });

  it('unions finalizers and removes with $deleteFromPrimitiveList', () => {
    const out = applyStrategicMergePatch(
      { metadata: { finalizers: ['a', 'b'] } },
      { metadata: { finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['a'] } },
    );
    expect(out).toEqual({ metadata: { finalizers: ['b', 'c'] } });
  });
});

describe('merge patch and JSON patch', () => {
  it('merge patch replaces lists, deletes null keys', () => {
    expect(applyMergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null }, l: [3] })).toEqual({
      a: { c: 2 },
      l: [3],
    });
  });

  it('JSON patch applies add/replace/remove/test and fails with a clear message on a missing path', () => {
    const doc = { spec: { replicas: 1, list: ['a'] } };
    expect(
      applyJsonPatch(doc, [
        { op: 'replace', path: '/spec/replicas', value: 3 },
        { op: 'add', path: '/spec/list/-', value: 'b' },
        { op: 'test', path: '/spec/list/0', value: 'a' },
        { op: 'remove', path: '/spec/list/0' },
      ]),
    ).toEqual({ spec: { replicas: 3, list: ['b'] } });
    expect(() => applyJsonPatch(doc, [{ op: 'replace', path: '/spec/nope/x', value: 1 }])).toThrowError(
      /replace operation does not apply: doc is missing/,
    );
  });
});
