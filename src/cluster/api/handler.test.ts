import { describe, expect, it } from 'vitest';
import { HttpClientConnection, createStreamPair } from '../../http/index.js';
import { createControlPlane } from '../control-plane.js';

function connect(historyLimit?: number) {
  const cp = createControlPlane({ controllers: [], historyLimit });
  const [a, b] = createStreamPair();
  cp.connectionHandler(b);
  return { cp, conn: new HttpClientConnection(a) };
}

const json = async (conn: HttpClientConnection, path: string, headers: Record<string, string> = {}) => {
  const res = await conn.request({ method: 'GET', path, headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('API handler', () => {
  it('serves discovery with short names, categories and subresources', async () => {
    const { conn } = connect();
    const v1 = (await json(conn, '/api/v1')).body as { resources: Record<string, unknown>[] };
    expect(v1.resources.find((r) => r.name === 'pods')).toMatchObject({
      shortNames: ['po'],
      categories: ['all'],
      namespaced: true,
      kind: 'Pod',
    });
    expect(v1.resources.find((r) => r.name === 'pods/log')).toMatchObject({ kind: 'Pod', verbs: ['get'] });
    const apps = (await json(conn, '/apis/apps/v1')).body as { resources: Record<string, unknown>[] };
    expect(apps.resources.find((r) => r.name === 'deployments/scale')).toMatchObject({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
    const groups = (await json(conn, '/apis')).body as {
      groups: { name: string; preferredVersion: { version: string } }[];
    };
    expect(groups.groups.map((g) => `${g.name}/${g.preferredVersion.version}`)).toEqual([
      'apps/v1',
      'authorization.k8s.io/v1',
      'autoscaling/v1',
      'batch/v1',
      'networking.k8s.io/v1',
      'storage.k8s.io/v1',
      'coordination.k8s.io/v1',
    ]);
    expect((await json(conn, '/version')).body).toMatchObject({ major: '1', minor: '20', gitVersion: 'v1.20.2' });
  });

  it('answers unknown paths and bad bodies with Status objects', async () => {
    const { conn } = connect();
    const missing = await json(conn, '/api/v1/frobs');
    expect(missing).toEqual({
      status: 404,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        details: {},
        code: 404,
      },
    });
    const res = await conn.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { reason: string }).reason).toBe('BadRequest');
  });

  it('pages lists with limit/continue in name order', async () => {
    const { cp, conn } = connect();
    for (const n of ['c', 'a', 'b'])
      cp.client.resource('configmaps').create({ metadata: { name: n, namespace: 'default' } });
    const p1 = (await json(conn, '/api/v1/namespaces/default/configmaps?limit=2')).body as {
      items: { metadata: { name: string } }[];
      metadata: { continue: string; remainingItemCount: number };
    };
    expect(p1.items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(p1.metadata.remainingItemCount).toBe(1);
    const p2 = (
      await json(
        conn,
        `/api/v1/namespaces/default/configmaps?limit=2&continue=${encodeURIComponent(p1.metadata.continue)}`,
      )
    ).body as { items: { metadata: { name: string } }[]; metadata: { continue?: string } };
    expect(p2.items.map((i) => i.metadata.name)).toEqual(['c']);
    expect(p2.metadata.continue).toBeUndefined();
  });

  it('streams watch events as JSON lines, one-row Tables when asked, and 410 for a compacted version', async () => {
    const { cp, conn } = connect(2);
    const rv = cp.store.resourceVersion;
    const res = await conn.request({
      method: 'GET',
      path: `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`,
      headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    });
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    cp.client.resource('configmaps').create({ metadata: { name: 'x', namespace: 'default' }, data: { k: 'v' } });
    const it = res.body[Symbol.asyncIterator]();
    const line = JSON.parse(new TextDecoder().decode((await it.next()).value as Uint8Array)) as {
      type: string;
      object: { kind: string; rows: { cells: unknown[] }[]; columnDefinitions: unknown[] };
    };
    expect(line.type).toBe('ADDED');
    expect(line.object.kind).toBe('Table');
    expect(line.object.rows[0]!.cells).toEqual(['x', 1, '0s']);
    expect(line.object.columnDefinitions).toHaveLength(3);

    for (const n of ['y', 'z', 'w'])
      cp.client.resource('configmaps').create({ metadata: { name: n, namespace: 'default' } });
    const [a, b] = createStreamPair();
    cp.connectionHandler(b);
    const old = await new HttpClientConnection(a).request({
      method: 'GET',
      path: `/api/v1/configmaps?watch=1&resourceVersion=${rv}`,
    });
    expect(old.status).toBe(200);
    const err = JSON.parse((await old.text()).trim()) as { type: string; object: { code: number; reason: string } };
    expect(err).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
  });
});

describe('API handler robustness', () => {
  it('answers malformed input with 4xx Status objects, never 500, and keeps serving', async () => {
    const { conn } = connect();
    const cases: [string, string, string | undefined, Record<string, string>?][] = [
      ['POST', '/api/v1/namespaces/default/pods', '[]'],
      ['POST', '/api/v1/namespaces/default/pods', '"x"'],
      ['POST', '/api/v1/namespaces/default/pods', '{"metadata":"x"}'],
      ['POST', '/api/v1/namespaces/default/pods', '{"metadata":{"name":"p"},"spec":{"containers":"x"}}'],
      ['POST', '/api/v1/namespaces/default/pods', '{"metadata":{"name":"p"},"spec":{"containers":[null,5]}}'],
      [
        'POST',
        '/apis/apps/v1/namespaces/default/deployments',
        '{"metadata":{"name":"d"},"spec":{"selector":{"matchExpressions":[{"key":"a","operator":"Bogus"}]}}}',
      ],
      ['POST', '/api/v1/namespaces/default/services', '{"metadata":{"name":"s"},"spec":{"ports":[{"port":"http"}]}}'],
      ['POST', '/api/v1/namespaces/default/configmaps', '{"kind":"Pod","metadata":{"name":"c"}}'],
      ['PUT', '/api/v1/namespaces/default/configmaps/none', '{"metadata":{"name":"none"}}'],
      [
        'PATCH',
        '/api/v1/namespaces/default/services/kubernetes',
        '{"spec":null}',
        { 'Content-Type': 'application/merge-patch+json' },
      ],
      [
        'PATCH',
        '/api/v1/namespaces/default/services/kubernetes',
        '[{"op":"move"}]',
        { 'Content-Type': 'application/json-patch+json' },
      ],
      ['PATCH', '/api/v1/namespaces/default/services/kubernetes', '{}', { 'Content-Type': 'text/plain' }],
      ['GET', '/api/v1/pods?labelSelector=a%3D%3D%3Db', undefined],
      ['GET', '/api/v1/pods?watch=true&resourceVersion=abc', undefined],
      ['GET', '/api/v1/pods?limit=x', undefined],
      ['GET', '/api/v1/namespaces/default/pods?continue=garbage', undefined],
      ['DELETE', '/api/v1/namespaces/default/pods/none', '{"propagationPolicy":"Sideways"}'],
      ['GET', '/api/v1/namespaces/default/pods/x/y/z/w', undefined],
      ['GET', '/apis/nope/v1/things', undefined],
    ];
    for (const [method, path, body, headers] of cases) {
      const res = await conn.request({
        method,
        path,
        body,
        headers: { 'Content-Type': 'application/json', ...headers },
      });
      const text = await res.text();
      expect(res.status, `${method} ${path} ${body ?? ''}: ${text}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${method} ${path} ${body ?? ''}: ${text}`).toBeLessThan(500);
      if (!path.includes('watch')) expect((JSON.parse(text) as { kind: string }).kind).toBe('Status');
    }
    expect((await json(conn, '/version')).status).toBe(200);
  });
});
