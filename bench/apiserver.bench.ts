// API server figures, host side in Node: per-request latency through the real HTTP/1.1 server (in-memory stream,
// so no TCP), list and watch throughput, and the store with 1,000 pods.
import { createControlPlane } from '../src/cluster/control-plane.js';
import { HttpClientConnection, createStreamPair } from '../src/http/index.js';
import { parseLabelSelector } from '../src/cluster/store/index.js';
import { median, type Bench, type Figure } from './figure.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

function pod(i: number): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `web-${i}`, labels: { app: `app-${i % 20}` } },
    spec: { containers: [{ name: 'c', image: 'nginx:1.19', ports: [{ containerPort: 80 }] }] },
  };
}

async function timeRequests(
  conn: HttpClientConnection,
  n: number,
  req: (i: number) => Parameters<HttpClientConnection['request']>[0],
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await conn.request(req(i));
    await res.bytes();
    times.push(performance.now() - t);
    if (res.status >= 300) throw new Error(`${req(i).method} ${req(i).path}: ${res.status}`);
  }
  return times;
}

const bench: Bench = async ({ quick, log }) => {
  const figures: Figure[] = [];
  const cp = createControlPlane({ controllers: [] });
  const [client, server] = createStreamPair();
  cp.connectionHandler(server);
  const conn = new HttpClientConnection(client);
  const n = quick ? 100 : 300;

  log('creating 200 pods over HTTP');
  const create = await timeRequests(conn, 200, (i) => ({
    method: 'POST',
    path: '/api/v1/namespaces/default/pods',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(pod(i)),
  }));
  figures.push({
    name: 'API create pod (POST, 200 objects), median',
    value: median(create),
    unit: 'ms',
    target: 5,
    env: 'node',
  });

  const get = await timeRequests(conn, n, (i) => ({
    method: 'GET',
    path: `/api/v1/namespaces/default/pods/web-${i % 200}`,
  }));
  figures.push({ name: 'API get pod (200 objects), median', value: median(get), unit: 'ms', target: 5, env: 'node' });

  const getTable = await timeRequests(conn, n, (i) => ({
    method: 'GET',
    path: `/api/v1/namespaces/default/pods/web-${i % 200}`,
    headers: { Accept: TABLE },
  }));
  figures.push({
    name: 'API get pod as Table (200 objects), median',
    value: median(getTable),
    unit: 'ms',
    target: 5,
    env: 'node',
  });

  const patch = await timeRequests(conn, n, (i) => ({
    method: 'PATCH',
    path: `/api/v1/namespaces/default/pods/web-${i % 200}`,
    headers: { 'Content-Type': 'application/merge-patch+json' },
    body: JSON.stringify({ metadata: { labels: { round: String(i) } } }),
  }));
  figures.push({
    name: 'API patch pod labels (200 objects), median',
    value: median(patch),
    unit: 'ms',
    target: 5,
    env: 'node',
  });

  const listTable = await timeRequests(conn, quick ? 30 : 100, () => ({
    method: 'GET',
    path: '/api/v1/namespaces/default/pods?limit=500',
    headers: { Accept: TABLE },
  }));
  figures.push({
    name: 'API list 200 pods as Table (kubectl get pods), median',
    value: median(listTable),
    unit: 'ms',
    target: 5,
    env: 'node',
  });

  const listJson = await timeRequests(conn, quick ? 30 : 100, () => ({ method: 'GET', path: '/api/v1/pods' }));
  const listMs = median(listJson);
  figures.push({ name: 'API list 200 pods JSON, median', value: listMs, unit: 'ms', env: 'node' });
  figures.push({
    name: 'API list throughput (JSON)',
    value: Math.round((200 / listMs) * 1000),
    unit: 'count',
    env: 'node',
    higherIsBetter: true,
  });

  log('watch throughput');
  const watchRes = await new HttpClientConnection(
    ((): typeof client => {
      const [a, b] = createStreamPair();
      cp.connectionHandler(b);
      return a;
    })(),
  ).request({
    method: 'GET',
    path: `/api/v1/namespaces/default/pods?watch=1&resourceVersion=${cp.store.resourceVersion}`,
  });
  const events = 1000;
  let seen = 0;
  const done = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of watchRes.body) {
      seen += decoder.decode(chunk).split('\n').length - 1;
      if (seen >= events) return;
    }
  })();
  const t = performance.now();
  const pods = cp.client.resource('pods');
  for (let i = 0; i < events; i++)
    pods.patch('default', `web-${i % 200}`, 'merge', { metadata: { labels: { w: String(i) } } });
  await done;
  const watchMs = performance.now() - t;
  figures.push({ name: 'API watch: 1,000 changes written and streamed', value: watchMs, unit: 'ms', env: 'node' });
  figures.push({
    name: 'API watch throughput',
    value: Math.round((events / watchMs) * 1000),
    unit: 'count',
    env: 'node',
    higherIsBetter: true,
  });

  log('store with 1,000 pods');
  const big = createControlPlane({ controllers: [] });
  const bigPods = big.client.resource('pods');
  const t1 = performance.now();
  for (let i = 0; i < 1000; i++) bigPods.create(pod(i));
  figures.push({
    name: 'create 1,000 pods in-process (defaults + validation)',
    value: performance.now() - t1,
    unit: 'ms',
    env: 'node',
  });
  const sel = parseLabelSelector('app=app-7');
  const lists: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t2 = performance.now();
    big.store.list('pods', { namespace: 'default', labels: sel });
    lists.push(performance.now() - t2);
  }
  figures.push({
    name: 'store list by label among 1,000 pods, median',
    value: median(lists),
    unit: 'ms',
    target: 1,
    env: 'node',
  });
  conn.close();
  cp.stop();
  big.stop();
  return figures;
};

export default bench;
