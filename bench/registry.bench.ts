// Registry speed on the host side (the guest's share is measured by the VM suites): serving the shared Debian base
// layer through the HTTP server over an in-memory ByteStream, and a chunked push of a 16 MB blob with its sha256
// check. Both must stay far below what the emulated guest can consume, so the registry is never the bottleneck.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { HttpClientConnection, createStreamPair } from '../src/http/index.js';
import { sha256Digest } from '../src/registry/digest.js';
import { registryConnectionHandler } from '../src/registry/http-handler.js';
import { NodeBlobSource } from '../src/registry/node-blob-source.js';
import { Registry } from '../src/registry/registry.js';
import type { Bench, Figure } from './figure.js';
import { median } from './figure.js';

const imagesDir = join(process.env.WHARF_CACHE ?? join(homedir(), '.cache', 'wharf'), 'images', 'current');

const bench: Bench = async (ctx) => {
  if (!existsSync(join(imagesDir, 'images.json')))
    throw new Error(`no images at ${imagesDir}: run node image/containers/build.mjs`);
  const dir = realpathSync(imagesDir);
  const images = JSON.parse(readFileSync(join(dir, 'images.json'), 'utf8')) as { id: string; layers: string[] }[];
  const baseLayer = images.find((i) => i.id === 'debian')!.layers[0]!;
  const registry = await Registry.open({ curated: new NodeBlobSource(dir) });
  const [client, server] = createStreamPair();
  registryConnectionHandler(registry)(server);
  const conn = new HttpClientConnection(client);

  const pulls: number[] = [];
  let size = 0;
  for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
    const t0 = performance.now();
    const res = await conn.request({ method: 'GET', path: `/v2/library/debian/blobs/${baseLayer}` });
    size = 0;
    for await (const chunk of res.body) size += chunk.length;
    pulls.push((performance.now() - t0) / 1000);
  }
  ctx.log(`served ${(size / 1e6).toFixed(1)} MB base layer in ${pulls.map((s) => s.toFixed(2)).join(', ')} s`);

  const blob = new Uint8Array(16 * 1024 * 1024).map((_, i) => (i * 7919) & 0xff);
  const digest = await sha256Digest(blob);
  const pushes: number[] = [];
  for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
    const t0 = performance.now();
    const start = await conn.request({ method: 'POST', path: `/v2/bench${i}/blobs/uploads/` });
    await start.bytes();
    let location = start.headers.get('location')!;
    for (let at = 0; at < blob.length; at += 1024 * 1024) {
      const patch = await conn.request({ method: 'PATCH', path: location, body: blob.subarray(at, at + 1024 * 1024) });
      await patch.bytes();
      location = patch.headers.get('location')!;
    }
    const put = await conn.request({ method: 'PUT', path: `${location}?digest=${digest}` });
    await put.bytes();
    if (put.status !== 201) throw new Error(`push failed: ${put.status}`);
    pushes.push((performance.now() - t0) / 1000);
  }
  conn.close();
  const figures: Figure[] = [
    {
      name: `registry: serve the ${(size / 1e6).toFixed(0)} MB base layer`,
      value: median(pulls),
      unit: 's',
      env: 'node',
    },
    { name: 'registry: chunked push of 16 MB incl. sha256', value: median(pushes), unit: 's', env: 'node' },
  ];
  return figures;
};

export default bench;
