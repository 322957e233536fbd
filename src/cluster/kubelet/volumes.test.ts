import { describe, expect, it } from 'vitest';
import type { ObjectSource } from './env.js';
import type { Pod } from '../objects/index.js';
import { prepareVolumes, refreshVolumes, volumeBinds, VolumeMountError } from './volumes.js';

const source: ObjectSource = {
  configMap: async (_ns, name) =>
    name === 'site' ? { metadata: { name }, data: { 'index.html': '<h1>hi</h1>', 'x.conf': 'a=1' } } : undefined,
  secret: async (_ns, name) => (name === 'tls' ? { metadata: { name }, data: { key: btoa('k3y') } } : undefined),
};

function recorder() {
  const files: Record<string, string> = {};
  return {
    files,
    writeFile: async (path: string, data: Uint8Array | string) => {
      files[path] = typeof data === 'string' ? data : new TextDecoder().decode(data);
    },
  };
}

const pod = (volumes: Pod['spec']['volumes']): Pod => ({
  metadata: { name: 'web', namespace: 'default', uid: 'u1' },
  spec: { containers: [], volumes },
});

describe('volumes', () => {
  it('writes ConfigMap keys (all, or the listed items) and decoded Secret values as files', async () => {
    const guest = recorder();
    const p = pod([
      { name: 'html', configMap: { name: 'site', items: [{ key: 'index.html', path: 'pages/index.html' }] } },
      { name: 'tls', secret: { secretName: 'tls' } },
      { name: 'scratch', emptyDir: {} },
      { name: 'host', hostPath: { path: '/srv/data' } },
    ]);
    const { paths } = await prepareVolumes(p, guest, source);
    expect(guest.files).toEqual({
      '/var/lib/kubelet/pods/u1/volumes/kubernetes.io~configmap/html/pages/index.html': '<h1>hi</h1>',
      '/var/lib/kubelet/pods/u1/volumes/kubernetes.io~secret/tls/key': 'k3y',
    });
    const binds = volumeBinds(
      p,
      {
        name: 'c',
        image: 'nginx',
        volumeMounts: [
          { name: 'html', mountPath: '/usr/share/nginx/html' },
          { name: 'scratch', mountPath: '/tmp/s' },
          { name: 'host', mountPath: '/data', readOnly: true, subPath: 'x' },
        ],
      },
      paths,
    );
    expect(binds).toEqual([
      '/var/lib/kubelet/pods/u1/volumes/kubernetes.io~configmap/html:/usr/share/nginx/html:ro',
      '/var/lib/kubelet/pods/u1/volumes/kubernetes.io~empty-dir/scratch:/tmp/s',
      '/srv/data/x:/data:ro',
    ]);
  });

  it('reports a missing ConfigMap the way kubectl describe shows FailedMount', async () => {
    const p = pod([{ name: 'cfg', configMap: { name: 'nope' } }]);
    await expect(prepareVolumes(p, recorder(), source)).rejects.toThrow(
      new VolumeMountError('cfg', 'configmap "nope" not found'),
    );
    await expect(prepareVolumes(p, recorder(), source)).rejects.toThrow(
      'MountVolume.SetUp failed for volume "cfg" : configmap "nope" not found',
    );
  });

  it('brings mounted ConfigMap and Secret files up to date: changed and new keys written, removed ones deleted', async () => {
    const site: Record<string, string> = { 'index.html': '<h1>hi</h1>', 'x.conf': 'a=1' };
    const token = { value: btoa('t1') };
    const live: ObjectSource = {
      configMap: async (_ns, name) => (name === 'site' ? { metadata: { name }, data: { ...site } } : undefined),
      secret: async (_ns, name) => (name === 'tls' ? { metadata: { name }, data: { key: token.value } } : undefined),
    };
    const writes: string[] = [];
    const removed: string[][] = [];
    const guest = {
      writeFile: async (path: string) => void writes.push(path),
      exec: async (argv: readonly string[]) => {
        removed.push([...argv]);
        return { exitCode: 0, stdout: new Uint8Array(), stderr: new Uint8Array() };
      },
    };
    const p = pod([
      { name: 'html', configMap: { name: 'site' } },
      { name: 'tls', secret: { secretName: 'tls' } },
    ]);
    const volumes = await prepareVolumes(p, guest, live);
    const dir = '/var/lib/kubelet/pods/u1/volumes/kubernetes.io~configmap/html';
    writes.length = 0;

    expect(await refreshVolumes(p, volumes, guest, live)).toBe(0); // nothing changed: nothing written
    expect(writes).toEqual([]);

    site['index.html'] = '<h1>changed</h1>';
    site['new.txt'] = 'new';
    delete site['x.conf'];
    token.value = btoa('t2');
    expect(await refreshVolumes(p, volumes, guest, live)).toBe(4);
    expect(writes).toEqual([
      `${dir}/index.html`,
      `${dir}/new.txt`,
      '/var/lib/kubelet/pods/u1/volumes/kubernetes.io~secret/tls/key',
    ]);
    expect(removed).toEqual([['rm', '-f', '--', `${dir}/x.conf`]]);
    writes.length = 0;
    expect(await refreshVolumes(p, volumes, guest, live)).toBe(0);
  });

  it('leaves the files as they were when the ConfigMap is gone', async () => {
    const guest = {
      ...recorder(),
      exec: async () => ({ exitCode: 0, stdout: new Uint8Array(), stderr: new Uint8Array() }),
    };
    const p = pod([{ name: 'html', configMap: { name: 'site' } }]);
    const volumes = await prepareVolumes(p, guest, source);
    const gone: ObjectSource = { configMap: async () => undefined, secret: async () => undefined };
    expect(await refreshVolumes(p, volumes, guest, gone)).toBe(0);
    expect(volumes.written.size).toBe(2);
  });
});
