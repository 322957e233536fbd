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

describe('API handler limits (issue #12)', () => {
  type Status = { kind: string; code: number; reason: string; message: string };

  const send = async (
    conn: HttpClientConnection,
    method: string,
    path: string,
    body?: string,
    contentType = 'application/json',
  ): Promise<{ status: number; body: Status }> => {
    const res = await conn.request({ method, path, body, headers: { 'Content-Type': contentType } });
    return { status: res.status, body: (await res.json()) as Status };
  };

  it('answers bad % escapes and odd delete bodies with 400 Status objects', async () => {
    const { conn } = connect();
    for (const path of ['/api/v1/namespaces/%zz/pods', '/api/v1/namespaces/default/pods/%E0%A4%A']) {
      const res = await send(conn, 'GET', path);
      expect(res.status, path).toBe(400);
      expect(res.body.message, path).toMatch(/invalid URL escape/);
    }
    const cm = '/api/v1/namespaces/default/configmaps';
    for (const [i, body] of [
      '[]',
      '"x"',
      '5',
      '{"gracePeriodSeconds":"x"}',
      '{"dryRun":5}',
      '{"preconditions":"x"}',
    ].entries()) {
      await send(conn, 'POST', cm, JSON.stringify({ metadata: { name: `c${i}` } }));
      const res = await send(conn, 'DELETE', `${cm}/c${i}`, body);
      expect(res.status, body).toBe(400);
      expect(res.body.kind).toBe('Status');
    }
    // `null` is no options at all, as for Go's decoder.
    expect((await send(conn, 'DELETE', `${cm}/c0`, 'null')).status).toBe(200);
  });

  it('answers a body over the limit with a 413 Status and 20 MB annotations never reach the store', async () => {
    const { conn, cp } = connect();
    const big = JSON.stringify({ metadata: { name: 'big', annotations: { a: 'x'.repeat(20 * 1024 * 1024) } } });
    const res = await send(conn, 'POST', '/api/v1/namespaces/default/configmaps', big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge', code: 413 });
    expect(cp.store.get('configmaps', 'default', 'big')).toBeUndefined();
  });

  it('rejects annotations over 256 KiB in total with upstream field error', async () => {
    const { conn } = connect();
    const annotations = { a: 'x'.repeat(200 * 1024), b: 'y'.repeat(100 * 1024) };
    const res = await send(
      conn,
      'POST',
      '/api/v1/namespaces/default/configmaps',
      JSON.stringify({ metadata: { name: 'c', annotations } }),
    );
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'ConfigMap "c" is invalid: metadata.annotations: Too long: must have at most 262144 bytes'.replace(/^/, 'The '),
    );
  });

  it('refuses an object nested 5,000 deep when written, so its kind can still be listed', async () => {
    const { conn } = connect();
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const created = await send(
      conn,
      'POST',
      '/api/v1/namespaces/default/configmaps',
      `{"metadata":{"name":"deep"},"data":{"x":"1"},"binaryData":null,"extra":${deep}}`,
    );
    expect(created.status).toBe(400);
    expect(created.body.message).toMatch(/exceeded max depth/);
    // Free-form fields (managedFields' fieldsV1) take any JSON; deepening one a level per patch stops at the limit.
    const cmPath = '/api/v1/namespaces/default/configmaps/c';
    const jsonPatch = 'application/json-patch+json';
    await send(conn, 'POST', '/api/v1/namespaces/default/configmaps', '{"metadata":{"name":"c"}}');
    const first = await send(
      conn,
      'PATCH',
      cmPath,
      '[{"op":"add","path":"/metadata/managedFields","value":[{"fieldsV1":{}}]}]',
      jsonPatch,
    );
    expect(first.status).toBe(200);
    let pointer = '/metadata/managedFields/0/fieldsV1';
    let levels = 0;
    for (; levels < 200; levels++) {
      const res = await send(
        conn,
        'PATCH',
        cmPath,
        JSON.stringify([{ op: 'add', path: `${pointer}/a`, value: {} }]),
        jsonPatch,
      );
      if (res.status !== 200) {
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(/exceeded max depth/);
        break;
      }
      pointer += '/a';
    }
    expect(levels).toBeGreaterThan(80);
    expect(levels).toBeLessThan(100);
    expect((await send(conn, 'GET', '/api/v1/namespaces/default/configmaps')).status).toBe(200);
    expect((await send(conn, 'GET', '/api/v1/namespaces/default/pods')).status).toBe(200);
  });

  it('keeps a watch with a huge timeoutSeconds open', async () => {
    const { conn } = connect();
    const res = await conn.request({
      method: 'GET',
      path: '/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=99999999999',
    });
    expect(res.status).toBe(200);
    const ended = await Promise.race([
      res.text().then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 100)),
    ]);
    expect(ended).toBe(false);
  });
});
