import { describe, expect, it } from 'vitest';
import { containerConfig } from './container-config.js';
import type { Pod } from '../objects/index.js';

const pod: Pod = { metadata: { name: 'web', namespace: 'default', uid: 'u-1' }, spec: { containers: [] } };
const base = { pod, env: ['GREETING=hi'], binds: [], resolvConf: '/var/lib/wharf/dns/default.conf', restartCount: 0 };

describe('containerConfig', () => {
  it('maps command to Entrypoint and args to Cmd, expanding $(VAR) from the env', () => {
    const body = containerConfig({
      ...base,
      container: { name: 'c', image: 'busybox', command: ['sh', '-c'], args: ['echo $(GREETING) $(NOPE)'] },
      network: { kind: 'owner', network: 'k8s-pods', ip: '10.244.0.5' },
    });
    expect(body.Entrypoint).toEqual(['sh', '-c']);
    expect(body.Cmd).toEqual(['echo hi $(NOPE)']);
  });

  it('drops the image CMD when only command is given, keeps the image ENTRYPOINT when only args are', () => {
    const onlyCommand = containerConfig({
      ...base,
      container: { name: 'c', image: 'busybox', command: ['sleep', '3600'] },
      network: { kind: 'join', containerId: 'abc' },
    });
    expect(onlyCommand.Cmd).toEqual([]);
    const onlyArgs = containerConfig({
      ...base,
      container: { name: 'c', image: 'busybox', args: ['--port', '80'] },
      network: { kind: 'join', containerId: 'abc' },
    });
    expect(onlyArgs.Entrypoint).toBeUndefined();
    expect(onlyArgs.Cmd).toEqual(['--port', '80']);
  });

  it('gives the netns owner the pod IP and hostname, and makes others join it', () => {
    const owner = containerConfig({
      ...base,
      container: { name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] },
      network: { kind: 'owner', network: 'k8s-pods', ip: '10.244.0.5' },
    });
    expect(owner.Hostname).toBe('web');
    expect(owner.HostConfig?.NetworkMode).toBe('k8s-pods');
    expect(owner.NetworkingConfig?.EndpointsConfig['k8s-pods']?.IPAMConfig?.IPv4Address).toBe('10.244.0.5');
    expect(owner.ExposedPorts).toEqual({ '80/tcp': {} });
    const joiner = containerConfig({
      ...base,
      container: { name: 's', image: 'x' },
      network: { kind: 'join', containerId: 'abc' },
    });
    expect(joiner.HostConfig?.NetworkMode).toBe('container:abc');
    expect(joiner.Hostname).toBeUndefined();
  });

  it('turns limits into cgroup settings and never lets Docker restart the container', () => {
    const body = containerConfig({
      ...base,
      container: { name: 'c', image: 'x', resources: { limits: { memory: '64Mi', cpu: '500m' } } },
      network: { kind: 'join', containerId: 'abc' },
    });
    expect(body.HostConfig).toMatchObject({ Memory: 67108864, MemorySwap: 67108864, NanoCpus: 5e8, CpuShares: 512 });
    expect(body.HostConfig?.RestartPolicy).toEqual({ Name: 'no' });
    expect(body.HostConfig?.Binds).toContain('/var/lib/wharf/dns/default.conf:/etc/resolv.conf:ro');
    expect(body.Labels).toMatchObject({ 'io.kubernetes.pod.uid': 'u-1', 'io.kubernetes.container.name': 'c' });
  });
});
