import { describe, expect, it } from 'vitest';
import { HttpClientConnection, createStreamPair, type HttpClientResponse } from '../http/index.js';
import { sha256Digest } from './digest.js';
import { registryConnectionHandler } from './http-handler.js';
import { MediaType } from './media-types.js';
import { Registry } from './registry.js';

const KiB = 1024;

/** A registry with small limits, and requests each on a fresh connection (a refused upload closes its own). */
async function setup() {
  const registry = await Registry.open({ limits: { maxBlobBytes: 4 * KiB, maxTotalBytes: 10 * KiB } });
  const handler = registryConnectionHandler(registry);
  const req = async (
    method: string,
    path: string,
    body?: Uint8Array | string,
    headers: Record<string, string> = {},
  ): Promise<HttpClientResponse> => {
    const [client, server] = createStreamPair();
    handler(server);
    return new HttpClientConnection(client).request({ method, path, headers, body });
  };
  return { req };
}

async function firstError(res: HttpClientResponse): Promise<{ code: string; message: string }> {
  return (await res.json<{ errors: { code: string; message: string }[] }>()).errors[0]!;
}

/** A blob of `size` bytes, different for every `seed`. */
function blob(size: number, seed: number): Uint8Array {
  return new Uint8Array(size).map((_, i) => (i * 31 + seed) & 0xff);
}

/** POST + PATCH (chunked transfer coding, no length up front, as dockerd sends layers) + PUT. */
async function push(req: Awaited<ReturnType<typeof setup>>['req'], bytes: Uint8Array): Promise<HttpClientResponse> {
  const start = await req('POST', '/v2/my-app/blobs/uploads/');
  await start.bytes();
  const location = start.headers.get('location')!;
  const chunked: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += KiB) {
    const part = bytes.subarray(at, at + KiB);
    chunked.push(new TextEncoder().encode(`${part.length.toString(16)}\r\n`), part, new TextEncoder().encode('\r\n'));
  }
  chunked.push(new TextEncoder().encode('0\r\n\r\n'));
  const body = new Uint8Array(chunked.reduce((n, c) => n + c.length, 0));
  chunked.reduce((at, c) => (body.set(c, at), at + c.length), 0);
  const patch = await req('PATCH', location, body, { 'Transfer-Encoding': 'chunked' });
  if (patch.status !== 202) return patch;
  await patch.bytes();
  return req('PUT', `${location}?digest=${await sha256Digest(bytes)}`);
}

describe('registry: push limits', () => {
  it('refuses one blob over its limit as DENIED 413 (streamed or declared), keeping what is stored', async () => {
    const { req } = await setup();
    const small = blob(3 * KiB, 1);
    expect((await push(req, small)).status).toBe(201);

    const streamed = await push(req, blob(5 * KiB, 2));
    expect(streamed.status).toBe(413);
    expect(await firstError(streamed)).toMatchObject({
      code: 'DENIED',
      message:
        "blob upload refused: Wharf's registry takes blobs (layers, configs) of at most 4 KiB, this one passed 4 KiB",
    });

    const declared = await req(
      'POST',
      `/v2/my-app/blobs/uploads/?digest=${await sha256Digest(blob(6 * KiB, 3))}`,
      blob(6 * KiB, 3),
    );
    expect(declared.status).toBe(413);
    expect((await firstError(declared)).message).toContain('at most 4 KiB, this one is 6 KiB');

    // What was stored before is untouched, and a blob within the limit still goes through.
    const stored = await req('GET', `/v2/my-app/blobs/${await sha256Digest(small)}`);
    expect(await stored.bytes()).toEqual(small);
    expect((await push(req, blob(4 * KiB, 4))).status).toBe(201);
  });

  it('answers an upload that never ends as soon as it passes the limit, and stops reading it', async () => {
    const registry = await Registry.open({ limits: { maxBlobBytes: 4 * KiB } });
    const [client, server] = createStreamPair();
    registryConnectionHandler(registry)(server);
    let answer = '';
    client.onData((d) => (answer += new TextDecoder().decode(d)));
    const start = await new HttpClientConnection(client).request({ method: 'POST', path: '/v2/my-app/blobs/uploads/' });
    await start.bytes();
    const encoder = new TextEncoder();
    client.write(
      encoder.encode(`PATCH ${start.headers.get('location')} HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n`),
    );
    for (let i = 0; i < 100 && !answer.includes('DENIED'); i++) {
      client.write(encoder.encode(`400\r\n${'z'.repeat(KiB)}\r\n`));
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(answer).toMatch(/HTTP\/1\.1 413 [^]*Connection: close[^]*"code":"DENIED"/);
    expect(answer).toContain('this one passed 4 KiB');
  });

  it('refuses pushes past the total as DENIED 403, keeping every image already pushed', async () => {
    const { req } = await setup();
    const config = blob(3 * KiB, 10);
    const layers = [blob(3 * KiB, 11), blob(3 * KiB, 12)];
    for (const b of [config, ...layers]) expect((await push(req, b)).status).toBe(201);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.dockerManifest,
      config: { mediaType: MediaType.dockerConfig, size: config.length, digest: await sha256Digest(config) },
      layers: await Promise.all(
        layers.map(async (l) => ({
          mediaType: MediaType.dockerLayerGzip,
          size: l.length,
          digest: await sha256Digest(l),
        })),
      ),
    });
    const put = await req('PUT', '/v2/my-app/manifests/v1', manifest, { 'Content-Type': MediaType.dockerManifest });
    expect(put.status).toBe(201);

    // 9 KiB and the manifest are kept; 2 KiB more would pass 10 KiB.
    const over = await push(req, blob(2 * KiB, 13));
    expect(over.status).toBe(403);
    const error = await firstError(over);
    expect(error.code).toBe('DENIED');
    expect(error.message).toMatch(
      /^push refused: Wharf's registry keeps at most 10 KiB of pushed images in the browser tab's memory and 9\.\d KiB are taken/,
    );
    const again = await req(
      'PUT',
      '/v2/my-app/manifests/v2',
      manifest.replace('"schemaVersion":2', '"schemaVersion":2 '),
      {
        'Content-Type': MediaType.dockerManifest,
      },
    );
    expect(again.status).toBe(403);

    const pulled = await req('GET', '/v2/my-app/manifests/v1', undefined, { Accept: MediaType.dockerManifest });
    expect(await pulled.text()).toBe(manifest);
    for (const b of [config, ...layers]) {
      expect(await (await req('GET', `/v2/my-app/blobs/${await sha256Digest(b)}`)).bytes()).toEqual(b);
    }
  });
});
