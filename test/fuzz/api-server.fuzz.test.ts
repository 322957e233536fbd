import { describe, expect, it } from 'vitest';
import { createControlPlane } from '../../src/cluster/control-plane.js';
import { countingCrashes, Dice, exchange, seededRandom, Tally, type RawAnswer } from './fuzz-kit.js';

/**
 * Hostile HTTP requests against the in-process Kubernetes API server, from a fixed seed: malformed HTTP, bad paths
 * and escapes, odd queries, hostile JSON bodies (wrong types, huge and deep values, `__proto__` keys), random patches
 * of the three types, cut-short and oversized bodies. Every one must get a 4xx (a Status object, or plain text for
 * HTTP the server could not parse) or a 2xx; none a 5xx or nothing; no exception may escape; the server must answer
 * normally afterwards, with bounded memory.
 */
const SEED = 12;
const REQUESTS = 2000;
const HUGE_BODY = 'x'.repeat(4 * 1024 * 1024);

const RESOURCES = [
  '/api/v1/namespaces/default/pods',
  '/api/v1/namespaces/default/configmaps',
  '/api/v1/namespaces/default/services',
  '/api/v1/namespaces',
  '/api/v1/nodes',
  '/apis/apps/v1/namespaces/default/deployments',
  '/apis/batch/v1/namespaces/default/jobs',
  '/apis/apps/v1/namespaces/default/statefulsets',
];
const NAMES = ['web', 'default', 'kubernetes', 'x', '%zz', '%', '%E0%A4%A', '..', 'a'.repeat(300), 'Ünïcode', ''];
const SUFFIXES = ['', '/status', '/scale', '/log', '/exec', '/binding', '/finalize', '/nope', '/x/y/z'];
const QUERIES = [
  '',
  '?watch=true&timeoutSeconds=0',
  '?watch=true&resourceVersion=abc',
  '?limit=-1',
  '?limit=1e400',
  '?limit=x',
  '?continue=%%%',
  '?continue=eyJ4Ijox',
  '?labelSelector=a%3D%3D%3Db',
  '?labelSelector=%28%28%28',
  '?fieldSelector=spec.nope%3Dx',
  '?dryRun=Bogus',
  '?propagationPolicy=Sideways',
  '?gracePeriodSeconds=-5',
  '?includeObject=Everything',
  '?q=%zz&%=%',
];
const HOSTILE_VALUES: unknown[] = [
  1e300,
  -1,
  2 ** 31,
  '3',
  null,
  [],
  {},
  true,
  'x'.repeat(1000),
  -0.5,
  { __proto__: 'x' },
  [[[[[]]]]],
];
const FIELDS = [
  'metadata',
  'spec',
  'status',
  'replicas',
  'name',
  'labels',
  'annotations',
  'containers',
  'image',
  'ports',
  'selector',
  'template',
  '__proto__',
  'constructor',
  'prototype',
  'deletionTimestamp',
  'finalizers',
  'data',
  'kind',
  'apiVersion',
];

function randomJson(d: Dice, depth: number): unknown {
  if (depth > 4 || d.chance(0.3)) return d.pick(HOSTILE_VALUES);
  if (d.chance(0.3)) return Array.from({ length: d.int(3) }, () => randomJson(d, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = d.int(4); i >= 0; i--) {
    Object.defineProperty(out, d.pick(FIELDS), {
      value: randomJson(d, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** A body that looks like an object of the resource, with one part made hostile. */
function hostileBody(d: Dice): string {
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
  switch (d.int(9)) {
    case 0:
      return JSON.stringify(randomJson(d, 0));
    case 1:
      return `{"metadata":{"name":"deep"},"spec":${deep}}`;
    case 2:
      return JSON.stringify({ metadata: { name: 'web', annotations: { a: 'x'.repeat(300 * 1024) } } });
    case 3:
      return JSON.stringify({
        metadata: { name: 'web' },
        spec: {
          replicas: d.pick([1e300, 1e9, -3, '5', 2.5]),
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
        },
      });
    case 4:
      return `{"metadata":{"name":"p","__proto__":{"deletionTimestamp":"2021-01-01T00:00:00Z"}}}`;
    case 5:
      return JSON.stringify(
        Array.from({ length: d.int(4) + 1 }, () => ({
          op: d.pick(['add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus', 5]),
          path: d.pick(['/metadata/__proto__/x', '/constructor/prototype/x', '/spec/replicas', '', 'x', 7, '/-']),
          from: d.pick(['/metadata', '/', '/constructor', undefined]),
          value: randomJson(d, 2),
        })),
      );
    case 6:
      return d.pick(['null', '[]', '"x"', '5', '', '{', '{"a":1}{', '\u0000\u0001']);
    case 7:
      // Over the 3 MiB body limit (rarely: each costs tens of milliseconds to build and refuse).
      return d.chance(0.15) ? HUGE_BODY : 'x'.repeat(d.int(5000));
    default:
      return JSON.stringify({ metadata: { name: 'c' }, data: { __proto__: 'v', constructor: 'w' } });
  }
}

function requestBytes(d: Dice): { parts: string[]; end: boolean; label: string; method: string } {
  const method = d.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'BREW']);
  const path = `${d.pick(RESOURCES)}${d.chance(0.6) ? `/${d.pick(NAMES)}${d.pick(SUFFIXES)}` : ''}${d.pick(QUERIES)}`;
  const body = method === 'GET' && d.chance(0.8) ? '' : hostileBody(d);
  const contentType = d.pick([
    'application/json',
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/strategic-merge-patch+json',
    'text/plain',
  ]);
  const label = `${method} ${path.slice(0, 100)} ${contentType} ${body.slice(0, 60)}`;
  const bodyLength = new TextEncoder().encode(body).length;
  switch (d.int(12)) {
    case 0: // body cut short: declared longer than sent, then half-closed
      return {
        parts: [
          `${method} ${path} HTTP/1.1\r\nContent-Type: ${contentType}\r\nContent-Length: ${bodyLength + 10}\r\n\r\n${body}`,
        ],
        end: true,
        label: `cut-short ${label}`,
        method,
      };
    case 1: // chunked with a broken chunk size
      return {
        parts: [`${method} ${path} HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n${body}\r\n0\r\n\r\n`],
        end: true,
        label: `bad-chunk ${label}`,
        method,
      };
    case 2: // malformed request line or header
      return {
        parts: [
          d.pick([
            'GARBAGE\r\n\r\n',
            `${method} ${path}\r\n\r\n`,
            `${method} ${path} HTTP/9.9\r\n\r\n`,
            `${method} ${path} HTTP/1.1\r\nBad Header\r\n\r\n`,
            `${method} ${path} HTTP/1.1\r\nContent-Length: -1\r\n\r\n`,
            `${method} ${path} HTTP/1.1\r\n X-Folded: y\r\n\r\n`,
            `${method} ${path} HTTP/1.1\r\nX-Huge: ${'h'.repeat(70 * 1024)}\r\n\r\n`,
          ]),
        ],
        end: false,
        label: `malformed-http ${label}`,
        method,
      };
    default:
      return {
        parts: [
          `${method} ${path} HTTP/1.1\r\nContent-Type: ${contentType}\r\nContent-Length: ${bodyLength}\r\n\r\n`,
          body,
        ],
        end: false,
        label,
        method,
      };
  }
}

/** A 4xx the client can read: a Status object, or the HTTP layer's plain-text answer to HTTP it could not parse. */
function isProperApiError(a: RawAnswer, method: string): boolean {
  if (a.status === undefined || a.status < 400 || a.status >= 500) return false;
  if (method === 'HEAD' || a.contentType?.startsWith('text/plain')) return true;
  try {
    const status = JSON.parse(a.body) as { kind?: string; code?: number };
    return status.kind === 'Status' && status.code === a.status;
  } catch {
    return false;
  }
}

describe('fuzz: the Kubernetes API server', () => {
  it(`answers ${REQUESTS} hostile requests (seed ${SEED}) with 2xx or a proper 4xx, never 5xx, and keeps serving`, async () => {
    const cp = createControlPlane({ controllers: [], random: seededRandom(SEED) });
    const d = new Dice(seededRandom(SEED));
    const tally = new Tally();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const { crashes } = await countingCrashes(async () => {
      for (let i = 0; i < REQUESTS; i++) {
        const { parts, end, label, method } = requestBytes(d);
        tally.record(label, await exchange(cp.connectionHandler, parts, { end, head: method === 'HEAD' }), (a) =>
          isProperApiError(a, method),
        );
      }
    });
    tally.crashes = crashes.length;
    const seconds = (performance.now() - started) / 1000;
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    console.log(
      `${tally.summary('API server')}; ${Math.round(tally.tried / seconds)} requests/s; heap growth ${heapGrowthMb.toFixed(1)} MB`,
    );

    expect(crashes).toEqual([]);
    expect(tally.serverErrors).toEqual([]);
    expect(tally.improper.slice(0, 15)).toEqual([]);
    expect(tally.properErrors).toBeGreaterThan(REQUESTS / 2);
    expect(heapGrowthMb).toBeLessThan(256);
    // Still serving, and nothing the fuzz sent changed how objects behave.
    const version = await exchange(cp.connectionHandler, ['GET /version HTTP/1.1\r\n\r\n']);
    expect(version.status).toBe(200);
    const created = await exchange(cp.connectionHandler, [
      'POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 36\r\n\r\n',
      '{"metadata":{"name":"after-fuzz-1"}}',
    ]);
    expect(created.status).toBe(201);
    expect(({} as Record<string, unknown>).deletionTimestamp).toBeUndefined();
    const list = await exchange(cp.connectionHandler, ['GET /api/v1/configmaps HTTP/1.1\r\n\r\n']);
    expect(list.status).toBe(200);
    cp.stop();
  });
});
