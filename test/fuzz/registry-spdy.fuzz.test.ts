import { describe, expect, it } from 'vitest';
import { HeaderEncoder } from '../../src/cluster/api/spdy/header-codec.js';
import { SpdySession } from '../../src/cluster/api/spdy/session.js';
import { createStreamPair } from '../../src/http/index.js';
import { Registry } from '../../src/registry/registry.js';
import { registryConnectionHandler } from '../../src/registry/http-handler.js';
import { tinyLayout } from '../../src/registry/test-fixtures.js';
import { countingCrashes, Dice, exchange, seededRandom, Tally, type RawAnswer } from './fuzz-kit.js';
import { controlFrame } from '../../src/cluster/api/spdy/testing/control-frame.js';

/**
 * Hostile input for the registry (the distribution API docker talks to) and for SPDY sessions (kubectl exec and
 * port-forward), from fixed seeds. The registry must answer every request with 2xx/3xx or a 4xx in the OCI error
 * format, never 5xx; a SPDY session fed random and malformed frames must never throw out of its transport.
 */
const SEED = 12;
const REGISTRY_REQUESTS = 500;
const SPDY_SESSIONS = 500;

const DIGESTS = ['sha256:' + 'a'.repeat(64), 'sha256:xyz', 'md5:00', '', 'sha256:' + 'A'.repeat(64)];
const NAMES = ['nginx', 'library/nginx', 'my-app', 'UPPER', 'a/../b', '%zz', 'x'.repeat(300), '_bad', 'a//b'];

function registryRequest(d: Dice, uploads: string[]): { method: string; parts: string[]; end: boolean } {
  const name = d.pick(NAMES);
  const upload = uploads.length && d.chance(0.5) ? d.pick(uploads) : 'not-an-upload';
  const [method, path] = d.pick([
    ['GET', '/v2/'],
    ['GET', `/v2/_catalog?n=${d.pick(['x', '-1', '99999999999999999999', '2'])}&last=${d.pick(['', '%zz', 'z'])}`],
    ['GET', `/v2/${name}/tags/list`],
    [d.pick(['GET', 'HEAD']), `/v2/${name}/manifests/${d.pick(['latest', '1.22', '..', '%00', ...DIGESTS])}`],
    ['PUT', `/v2/${name}/manifests/${d.pick(['latest', 'x'.repeat(200), ...DIGESTS])}`],
    ['DELETE', `/v2/${name}/manifests/${d.pick(['latest', ...DIGESTS])}`],
    ['POST', `/v2/${name}/blobs/uploads/${d.pick(['', `?digest=${d.pick(DIGESTS)}`, `?mount=${d.pick(DIGESTS)}`])}`],
    [d.pick(['PATCH', 'PUT', 'GET', 'DELETE']), `/v2/${name}/blobs/uploads/${upload}?digest=${d.pick(DIGESTS)}`],
    [d.pick(['GET', 'HEAD', 'DELETE']), `/v2/${name}/blobs/${d.pick(DIGESTS)}`],
    [d.pick(['BREW', 'OPTIONS']), `/v2/${name}`],
    ['GET', `/nope/${name}`],
  ] as const);
  const body = d.pick([
    '',
    '{',
    'null',
    '[]',
    JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json' }),
    JSON.stringify({ schemaVersion: 2, config: { digest: 5 }, layers: 'x' }),
    JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{}] }),
    '{"__proto__":{"polluted":1},"schemaVersion":2}',
    'x'.repeat(d.int(10_000)),
  ]);
  const headers = [
    d.chance(0.3) ? `Range: ${d.pick(['bytes=5-1', 'bytes=-', 'bytes=0-99999999999', 'lines=1-2', 'bytes=-0'])}` : '',
    d.chance(0.3) ? `Content-Range: ${d.pick(['0-5', 'x', '99-1', '5-10'])}` : '',
    d.chance(0.3) ? `Content-Type: ${d.pick(['application/vnd.oci.image.manifest.v1+json', 'text/html', ''])}` : '',
    d.chance(0.2) ? `Accept: ${d.pick(['*/*', 'application/vnd.docker.distribution.manifest.v2+json', ';;;'])}` : '',
  ].filter(Boolean);
  const cutShort = d.chance(0.1);
  const length = new TextEncoder().encode(body).length + (cutShort ? 5 : 0);
  return {
    method,
    parts: [
      `${method} ${path} HTTP/1.1\r\n${headers.map((h) => `${h}\r\n`).join('')}Content-Length: ${length}\r\n\r\n`,
      body,
    ],
    end: cutShort,
  };
}

/** A 4xx in the distribution API's error format (`{"errors":[{code,message}]}`), or plain text for broken HTTP. */
function isProperRegistryError(a: RawAnswer, method: string): boolean {
  if (a.status === undefined || a.status < 400 || a.status >= 500) return false;
  if (method === 'HEAD' || a.status === 416 || a.contentType?.startsWith('text/plain')) return true;
  try {
    const body = JSON.parse(a.body) as { errors?: { code?: string }[] };
    return typeof body.errors?.[0]?.code === 'string';
  } catch {
    return false;
  }
}

/** Random SPDY traffic: valid frames with hostile fields, truncated frames, random bytes. */
function spdyTraffic(d: Dice): Uint8Array[] {
  const encoder = new HeaderEncoder();
  const frames: Uint8Array[] = [];
  for (let i = d.int(6) + 1; i > 0; i--) {
    switch (d.int(7)) {
      case 0: {
        const block = encoder.encode({ streamtype: d.pick(['error', 'stdout', 'data', 'x'.repeat(d.int(100))]) });
        const p = new Uint8Array(10 + block.length);
        new DataView(p.buffer).setUint32(0, d.pick([1, 3, 2, 0, 0x7fffffff, d.int(1000)]));
        p.set(block, 10);
        frames.push(controlFrame(1, p, { flags: d.int(2) }));
        break;
      }
      case 1:
        frames.push(
          controlFrame(d.int(12), d.bytes(d.int(20)), { flags: d.int(256), version: d.pick([3, 3, 2, 0x7fff]) }),
        );
        break;
      case 2: {
        const data = d.bytes(d.int(64));
        const f = new Uint8Array(8 + data.length);
        const v = new DataView(f.buffer);
        v.setUint32(0, d.int(8));
        v.setUint32(4, (d.int(2) << 24) | data.length);
        f.set(data, 8);
        frames.push(f);
        break;
      }
      case 3:
        frames.push(d.bytes(d.int(40)));
        break;
      case 4: {
        // A frame header announcing more than is sent.
        const f = controlFrame(6, new Uint8Array(4));
        f[7] = 200;
        frames.push(f);
        break;
      }
      case 5:
        frames.push(controlFrame(8, d.bytes(4 + d.int(30))));
        break;
      default:
        frames.push(controlFrame(d.pick([3, 6, 7, 9]), new Uint8Array(d.pick([0, 2, 4, 8]))));
    }
  }
  return frames;
}

describe('fuzz: the registry and SPDY sessions', () => {
  it(`answers ${REGISTRY_REQUESTS} hostile registry requests (seed ${SEED}) without a 5xx and keeps serving`, async () => {
    const layout = await tinyLayout();
    const registry = await Registry.open({ curated: layout.source });
    const handler = registryConnectionHandler(registry);
    const d = new Dice(seededRandom(SEED));
    const tally = new Tally();
    const uploads: string[] = [];
    const { crashes } = await countingCrashes(async () => {
      for (let i = 0; i < REGISTRY_REQUESTS; i++) {
        const { method, parts, end } = registryRequest(d, uploads);
        const answer = await exchange(handler, parts, { end, head: method === 'HEAD' });
        const location = /"?Docker-Upload-UUID"?: *([0-9a-f-]+)/i.exec(answer.body)?.[1];
        if (location) uploads.push(location);
        tally.record(`${parts[0]!.split('\r\n')[0]}`, answer, (a) => isProperRegistryError(a, method));
      }
    });
    tally.crashes = crashes.length;
    console.log(tally.summary('registry'));
    expect(crashes).toEqual([]);
    expect(tally.serverErrors.map((e) => e.slice(0, 160))).toEqual([]);
    expect(tally.improper).toEqual([]);
    const still = await exchange(handler, ['GET /v2/library/nginx/tags/list HTTP/1.1\r\n\r\n']);
    expect(still.status).toBe(200);
  });

  it(`feeds ${SPDY_SESSIONS} SPDY sessions random and malformed frames (seed ${SEED}) without an exception`, async () => {
    const d = new Dice(seededRandom(SEED));
    let frames = 0;
    let endedWithGoAway = 0;
    const { crashes } = await countingCrashes(async () => {
      for (let i = 0; i < SPDY_SESSIONS; i++) {
        const [client, server] = createStreamPair();
        const session = new SpdySession(server, (s) => {
          s.reply();
          s.onData((data) => s.write(data));
        });
        for (const f of spdyTraffic(d)) {
          frames++;
          client.write(f);
        }
        await new Promise((r) => setTimeout(r, 0));
        if (session.closed) endedWithGoAway++;
        client.close();
      }
    });
    console.log(
      `SPDY: ${SPDY_SESSIONS} sessions, ${frames} hostile frames tried, ${endedWithGoAway} sessions ended with GOAWAY, ${crashes.length} crashes`,
    );
    expect(crashes).toEqual([]);
    expect(endedWithGoAway).toBeGreaterThan(SPDY_SESSIONS / 4);
  });
});
