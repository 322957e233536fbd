import { describe, expect, it } from 'vitest';
import { apiClusterPort, type KubeApi } from './api-cluster-port.js';

/** An API server as a table of path -> answer; every path asked is recorded. */
function fakeApi(answers: Record<string, { status: number; body?: unknown }>) {
  const asked: string[] = [];
  const api: KubeApi = {
    async get(path) {
      asked.push(path);
      const answer = answers[path] ?? {
        status: 404,
        body: { kind: 'Status', message: `the server could not find the requested resource` },
      };
      return { status: answer.status, body: answer.body };
    },
  };
  return { api, asked };
}

const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } };
const pod = (name: string) => ({ metadata: { name, namespace: 'default', labels: { app: 'web' } } });

describe('apiClusterPort', () => {
  it('gets an object by its path, and undefined for a 404', async () => {
    const { api, asked } = fakeApi({
      '/apis/apps/v1/namespaces/default/deployments/web': { status: 200, body: deployment },
    });
    const port = apiClusterPort(api);
    expect(await port.get('Deployment', 'default', 'web')).toEqual(deployment);
    expect(await port.get('Deployment', 'default', 'gone')).toBeUndefined();
    expect(asked).toEqual([
      '/apis/apps/v1/namespaces/default/deployments/web',
      '/apis/apps/v1/namespaces/default/deployments/gone',
    ]);
  });

  it('lists with the label selector, giving items the kind and apiVersion lists leave out', async () => {
    const { api, asked } = fakeApi({
      '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb%2Ctier%20in%20(a%2Cb)': {
        status: 200,
        body: { kind: 'PodList', items: [pod('web-1'), pod('web-2')] },
      },
      '/api/v1/events': { status: 200, body: { kind: 'EventList', items: null } },
    });
    const port = apiClusterPort(api);
    const pods = await port.list('Pod', { namespace: 'default', labelSelector: 'app=web,tier in (a,b)' });
    expect(pods.map((p) => [p.kind, p.apiVersion, p.metadata.name])).toEqual([
      ['Pod', 'v1', 'web-1'],
      ['Pod', 'v1', 'web-2'],
    ]);
    expect(await port.list('Event', {})).toEqual([]);
    expect(asked).toHaveLength(2);
  });

  it('turns a refusal into an error with the API server’s own sentence', async () => {
    const { api } = fakeApi({
      '/api/v1/namespaces/default/secrets': {
        status: 403,
        body: { kind: 'Status', message: 'secrets is forbidden: User "student" cannot list resource "secrets"' },
      },
      '/api/v1/namespaces/default/configmaps/x': { status: 500 },
    });
    const port = apiClusterPort(api);
    await expect(port.list('Secret', { namespace: 'default' })).rejects.toThrow(
      'the API server answered 403 to a list of secrets: secrets is forbidden: User "student" cannot list resource "secrets"',
    );
    await expect(port.get('ConfigMap', 'default', 'x')).rejects.toThrow(
      'the API server answered 500 to a read of ConfigMap x',
    );
  });

  it('finds which batch version serves CronJobs once: batch/v1 where listed, else batch/v1beta1', async () => {
    const modern = fakeApi({
      '/apis/batch/v1': { status: 200, body: { resources: [{ name: 'jobs' }, { name: 'cronjobs' }] } },
      '/apis/batch/v1/namespaces/default/cronjobs': { status: 200, body: { items: [] } },
    });
    const port = apiClusterPort(modern.api);
    await port.list('CronJob', { namespace: 'default' });
    await port.list('CronJob', { namespace: 'default' });
    expect(modern.asked).toEqual([
      '/apis/batch/v1',
      '/apis/batch/v1/namespaces/default/cronjobs',
      '/apis/batch/v1/namespaces/default/cronjobs',
    ]);

    const old = fakeApi({
      // 1.20 serves batch/v1 (Jobs) without cronjobs.
      '/apis/batch/v1': { status: 200, body: { resources: [{ name: 'jobs' }] } },
      '/apis/batch/v1beta1': { status: 200, body: { resources: [{ name: 'cronjobs' }] } },
      '/apis/batch/v1beta1/namespaces/default/cronjobs/nightly': {
        status: 200,
        body: { metadata: { name: 'nightly' } },
      },
    });
    const cron = await apiClusterPort(old.api).get('CronJob', 'default', 'nightly');
    expect(cron).toMatchObject({ kind: 'CronJob', apiVersion: 'batch/v1beta1', metadata: { name: 'nightly' } });
  });

  it('says so when the cluster serves CronJobs at neither version', async () => {
    const { api } = fakeApi({});
    await expect(apiClusterPort(api).list('CronJob', {})).rejects.toThrow(
      'the cluster does not serve CronJob objects (looked in batch/v1, batch/v1beta1)',
    );
  });

  it('watches nothing: a grade reads once', () => {
    const { api, asked } = fakeApi({});
    let called = 0;
    apiClusterPort(api)
      .watch('Pod', () => called++)
      .dispose();
    expect([called, asked.length]).toEqual([0, 0]);
  });
});
