import { describe, expect, it } from 'vitest';
import { ContainerConfigError, expand, resolveEnv, type ObjectSource } from './env.js';
import type { Container, Pod } from '../objects/index.js';

const pod: Pod = {
  metadata: { name: 'api', namespace: 'shop', uid: 'u1', labels: { app: 'api' } },
  spec: { containers: [], nodeName: 'wharf' },
};
const source: ObjectSource = {
  configMap: async (ns, name) =>
    ns === 'shop' && name === 'cfg' ? { metadata: { name }, data: { MODE: 'prod', PORT: '8080' } } : undefined,
  secret: async (ns, name) =>
    ns === 'shop' && name === 'db' ? { metadata: { name }, data: { password: btoa('s3cret') } } : undefined,
};

describe('resolveEnv', () => {
  it('combines envFrom, literal values, references, and the downward API', async () => {
    const container: Container = {
      name: 'app',
      image: 'x',
      envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }],
      env: [
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'MODE' } } },
        { name: 'URL', value: 'http://$(POD_IP):$(CFG_PORT)/$(MISSING) costs $$5' },
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      ],
    };
    const env = await resolveEnv(pod, container, source, '10.244.0.7', '192.168.86.100');
    expect(env).toEqual([
      'CFG_MODE=prod',
      'CFG_PORT=8080',
      'PASSWORD=s3cret',
      'MODE=prod',
      // POD_IP is defined after URL, so (as in Kubernetes) it is not expanded there.
      'URL=http://$(POD_IP):8080/$(MISSING) costs $5',
      'POD_IP=10.244.0.7',
      'APP=api',
      'NODE=wharf',
    ]);
  });

  it('fails like the kubelet when a referenced ConfigMap or key is missing, unless optional', async () => {
    const missing: Container = {
      name: 'a',
      image: 'x',
      env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }],
    };
    await expect(resolveEnv(pod, missing, source, undefined, 'h')).rejects.toThrow(
      new ContainerConfigError('configmap "nope" not found'),
    );
    const noKey: Container = {
      name: 'a',
      image: 'x',
      env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }],
    };
    await expect(resolveEnv(pod, noKey, source, undefined, 'h')).rejects.toThrow(
      "couldn't find key k in ConfigMap shop/cfg",
    );
    const optional: Container = {
      name: 'a',
      image: 'x',
      env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'nope', key: 'k', optional: true } } }],
    };
    expect(await resolveEnv(pod, optional, source, undefined, 'h')).toEqual([]);
  });

  it('expands only known references', () => {
    expect(expand('$(A)-$(B)-$$(A)', new Map([['A', '1']]))).toBe('1-$(B)-$(A)');
  });
});
