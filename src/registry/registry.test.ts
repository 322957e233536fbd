import { describe, expect, it } from 'vitest';
import { HttpClientConnection, createStreamPair, type HttpClientResponse } from '../http/index.js';
import { sha256Digest } from './digest.js';
import { registryConnectionHandler } from './http-handler.js';
import { MediaType } from './media-types.js';
import { Registry } from './registry.js';
import { tinyLayout } from './test-fixtures.js';

const enc = new TextEncoder();
const OCI_AND_DOCKER = [MediaType.ociManifest, MediaType.dockerManifest, MediaType.dockerManifestList].join(', ');

async function setup() {
  const layout = await tinyLayout();
  const registry = await Registry.open({ curated: layout.source });
  const [client, server] = createStreamPair();
  registryConnectionHandler(registry)(server);
  const conn = new HttpClientConnection(client);
  const req = (
    method: string,
    path: string,
    headers: Record<string, string | number> = {},
    body?: Uint8Array | string,
  ) => conn.request({ method, path, headers, body });
  return { layout, registry, req };
}

async function errorCode(res: HttpClientResponse): Promise<string> {
  const body = await res.json<{ errors: { code: string }[] }>();
  return body.errors[0]!.code;
}

/** Push one blob with POST + PATCH (in pieces) + PUT, as `docker push` does. */
async function chunkedPush(
  req: Awaited<ReturnType<typeof setup>>['req'],
  name: string,
  bytes: Uint8Array,
  digest: string,
) {
  const start = await req('POST', `/v2/${name}/blobs/uploads/`);
  expect(start.status).toBe(202);
  await start.bytes();
  let location = start.headers.get('location')!;
  const half = Math.floor(bytes.length / 2);
  for (const [from, to] of [
    [0, half],
    [half, bytes.length],
  ] as const) {
    const patch = await req(
      'PATCH',
      location,
      { 'Content-Range': `${from}-${to - 1}`, 'Content-Type': 'application/octet-stream' },
      bytes.subarray(from, to),
    );
    expect(patch.status).toBe(202);
    expect(patch.headers.get('range')).toBe(`0-${to - 1}`);
    await patch.bytes();
    location = patch.headers.get('location')!;
  }
  const put = await req('PUT', `${location}?digest=${digest}`);
  await put.bytes();
  return put;
}

describe('registry: curated images (Docker Hub mirror)', () => {
  it('answers the version check docker sends first', async () => {
    const { req } = await setup();
    const res = await req('GET', '/v2/');
    expect(res.status).toBe(200);
    expect(res.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
  });

  it('serves library/nginx (mirror) and nginx (localhost:5000/nginx) by tag, as OCI for OCI clients', async () => {
    const { req, layout } = await setup();
    for (const name of ['library/nginx', 'nginx']) {
      const res = await req('GET', `/v2/${name}/manifests/latest`, { Accept: OCI_AND_DOCKER });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(MediaType.ociManifest);
      expect(res.headers.get('docker-content-digest')).toBe(layout.manifest.digest);
      expect(await res.bytes()).toEqual(layout.manifestBytes);
    }
  });

  it('rewrites the manifest with Docker media types for a client that only accepts schema 2', async () => {
    const { req, layout } = await setup();
    const res = await req('GET', '/v2/library/nginx/manifests/1.22', { Accept: MediaType.dockerManifest });
    const body = await res.json<{ mediaType: string; layers: { mediaType: string; digest: string }[] }>();
    expect(res.headers.get('content-type')).toBe(MediaType.dockerManifest);
    expect(body.layers[0]).toMatchObject({ mediaType: MediaType.dockerLayer, digest: layout.layer.digest });
    const digest = res.headers.get('docker-content-digest')!;
    expect(digest).not.toBe(layout.manifest.digest);
    const again = await req('GET', `/v2/library/nginx/manifests/${digest}`, { Accept: MediaType.dockerManifest });
    expect(again.status).toBe(200);
    expect(await sha256Digest(await again.bytes())).toBe(digest);
  });

  it('serves blobs whole, as HEAD, and by byte range', async () => {
    const { req, layout } = await setup();
    const head = await req('HEAD', `/v2/library/nginx/blobs/${layout.layer.digest}`);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(layout.layer.size));
    const whole = await req('GET', `/v2/library/nginx/blobs/${layout.layer.digest}`);
    expect(await whole.bytes()).toEqual(layout.layerBytes);
    const part = await req('GET', `/v2/library/nginx/blobs/${layout.layer.digest}`, { Range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${layout.layer.size}`);
    expect(await part.bytes()).toEqual(layout.layerBytes.subarray(10, 20));
    const bad = await req('GET', `/v2/library/nginx/blobs/${layout.layer.digest}`, { Range: 'bytes=99999-' });
    expect(bad.status).toBe(416);
    await bad.bytes();
  });

  it('lists tags and the catalog', async () => {
    const { req } = await setup();
    expect(await (await req('GET', '/v2/nginx/tags/list')).json()).toEqual({ name: 'nginx', tags: ['1.22', 'latest'] });
    expect(await (await req('GET', '/v2/_catalog')).json()).toEqual({ repositories: ['library/nginx'] });
  });

  it('says NAME_UNKNOWN for an unknown repository and MANIFEST_UNKNOWN for an unknown tag (404, as docker expects)', async () => {
    const { req } = await setup();
    const noRepo = await req('GET', '/v2/library/doesnotexist/manifests/latest');
    expect(noRepo.status).toBe(404);
    expect(await errorCode(noRepo)).toBe('NAME_UNKNOWN');
    const noTag = await req('GET', '/v2/library/nginx/manifests/9.9');
    expect(noTag.status).toBe(404);
    expect(await errorCode(noTag)).toBe('MANIFEST_UNKNOWN');
    const noBlob = await req('GET', `/v2/library/nginx/blobs/sha256:${'0'.repeat(64)}`);
    expect(noBlob.status).toBe(404);
    expect(await errorCode(noBlob)).toBe('BLOB_UNKNOWN');
    const badName = await req('GET', '/v2/Bad_Name/tags/list');
    expect(badName.status).toBe(400);
    expect(await errorCode(badName)).toBe('NAME_INVALID');
  });
});

describe('registry: push and pull', () => {
  it('round-trips an image pushed with a chunked upload, a monolithic upload and a manifest PUT', async () => {
    const { req, registry } = await setup();
    const layer = enc.encode('layer bytes '.repeat(1000));
    const layerDigest = await sha256Digest(layer);
    const put = await chunkedPush(req, 'my-app', layer, layerDigest);
    expect(put.status).toBe(201);
    expect(put.headers.get('docker-content-digest')).toBe(layerDigest);

    const config = enc.encode('{"architecture":"386","os":"linux"}');
    const configDigest = await sha256Digest(config);
    const mono = await req('POST', `/v2/my-app/blobs/uploads/?digest=${configDigest}`, {}, config);
    expect(mono.status).toBe(201);
    await mono.bytes();

    const manifest = enc.encode(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.dockerManifest,
        config: { mediaType: MediaType.dockerConfig, digest: configDigest, size: config.length },
        layers: [{ mediaType: MediaType.dockerLayerGzip, digest: layerDigest, size: layer.length }],
      }),
    );
    const putManifest = await req(
      'PUT',
      '/v2/my-app/manifests/v1',
      { 'Content-Type': MediaType.dockerManifest },
      manifest,
    );
    expect(putManifest.status).toBe(201);
    const manifestDigest = putManifest.headers.get('docker-content-digest')!;
    expect(manifestDigest).toBe(await sha256Digest(manifest));
    await putManifest.bytes();

    const pulled = await req('GET', '/v2/my-app/manifests/v1', { Accept: OCI_AND_DOCKER });
    expect(pulled.headers.get('content-type')).toBe(MediaType.dockerManifest);
    expect(await pulled.bytes()).toEqual(manifest);
    expect(await (await req('GET', `/v2/my-app/blobs/${layerDigest}`)).bytes()).toEqual(layer);
    expect(await (await req('GET', '/v2/my-app/tags/list')).json()).toEqual({ name: 'my-app', tags: ['v1'] });
    expect(await (await req('GET', '/v2/_catalog')).json()).toEqual({ repositories: ['library/nginx', 'my-app'] });
    expect(await registry.repositories()).toContainEqual({
      repository: 'my-app',
      name: 'my-app',
      tags: ['v1'],
      source: 'pushed',
    });
    expect(await registry.repositories()).toContainEqual({
      repository: 'library/nginx',
      name: 'nginx',
      tags: ['1.22', 'latest'],
      source: 'curated',
    });

    const del = await req('DELETE', `/v2/my-app/manifests/${manifestDigest}`);
    expect(del.status).toBe(202);
    await del.bytes();
    const gone = await req('GET', '/v2/my-app/manifests/v1');
    expect(await errorCode(gone)).toBe('MANIFEST_UNKNOWN');
  });

  it('rejects an upload whose bytes do not match the digest and stores nothing', async () => {
    const { req } = await setup();
    const bytes = enc.encode('real content');
    const wrong = await sha256Digest(enc.encode('other content'));
    const put = await chunkedPush(req, 'my-app', bytes, wrong).catch((e: unknown) => e);
    expect(put).toMatchObject({ status: 400 });
    const mono = await req('POST', `/v2/my-app/blobs/uploads/?digest=${wrong}`, {}, bytes);
    expect(mono.status).toBe(400);
    expect(await errorCode(mono)).toBe('DIGEST_INVALID');
    const head = await req('HEAD', `/v2/my-app/blobs/${wrong}`);
    expect(head.status).toBe(404);
    const malformed = await req('POST', '/v2/my-app/blobs/uploads/?digest=md5:abc', {}, bytes);
    expect(await errorCode(malformed)).toBe('DIGEST_INVALID');
  });

  it('refuses a PATCH whose Content-Range does not continue the upload (416)', async () => {
    const { req } = await setup();
    const start = await req('POST', '/v2/app/blobs/uploads/');
    await start.bytes();
    const res = await req('PATCH', start.headers.get('location')!, { 'Content-Range': '5-9' }, 'abcde');
    expect(res.status).toBe(416);
    await res.bytes();
  });

  it('mounts a blob from another repository without an upload, and starts an upload when it is absent', async () => {
    const { req, layout } = await setup();
    const mounted = await req('POST', `/v2/my-app/blobs/uploads/?mount=${layout.layer.digest}&from=library/nginx`);
    expect(mounted.status).toBe(201);
    expect(mounted.headers.get('location')).toBe(`/v2/my-app/blobs/${layout.layer.digest}`);
    await mounted.bytes();
    const absent = await req('POST', `/v2/my-app/blobs/uploads/?mount=sha256:${'1'.repeat(64)}&from=other`);
    expect(absent.status).toBe(202);
    expect(absent.headers.get('docker-upload-uuid')).toMatch(/^[0-9a-f-]{36}$/);
    await absent.bytes();
  });

  it('refuses a manifest that references a blob the registry does not have', async () => {
    const { req, layout } = await setup();
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: layout.config.digest, size: layout.config.size },
      layers: [{ mediaType: MediaType.ociLayer, digest: `sha256:${'2'.repeat(64)}`, size: 3 }],
    });
    const res = await req('PUT', '/v2/my-app/manifests/latest', { 'Content-Type': MediaType.ociManifest }, manifest);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('MANIFEST_BLOB_UNKNOWN');
    const notJson = await req('PUT', '/v2/my-app/manifests/latest', { 'Content-Type': MediaType.ociManifest }, '{');
    expect(await errorCode(notJson)).toBe('MANIFEST_INVALID');
  });

  it('a pushed image shadows the curated one of the same name', async () => {
    const { req, layout } = await setup();
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: layout.config.digest, size: layout.config.size },
      layers: [],
    });
    const put = await req('PUT', '/v2/nginx/manifests/latest', { 'Content-Type': MediaType.ociManifest }, manifest);
    expect(put.status).toBe(201);
    await put.bytes();
    expect(await (await req('GET', '/v2/nginx/manifests/latest')).text()).toBe(manifest);
    // The mirror name still gets the curated image.
    expect(await (await req('GET', '/v2/library/nginx/manifests/latest')).bytes()).toEqual(layout.manifestBytes);
  });
});
