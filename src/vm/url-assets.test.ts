import { describe, expect, it } from 'vitest';
import { urlAssets } from './url-assets.js';

const manifest = { cmdline: 'console=ttyS0', memoryMB: 512, diskBytes: 1 << 30 };

/** A fetch that records the URLs asked for and answers the manifest or a few bytes. */
function server(body: Record<string, unknown>) {
  const asked: string[] = [];
  const fetchFn = (async (input: string | URL | Request) => {
    const url = String(input);
    asked.push(url);
    return url.endsWith('manifest.json') ? Response.json(body) : new Response(new Uint8Array([1, 2, 3]));
  }) as typeof fetch;
  return { asked, fetchFn };
}

describe('urlAssets', () => {
  it('reads every file, and the disk, from the build the manifest names', async () => {
    const { asked, fetchFn } = server({ ...manifest, hash: 'a1b2c3d4e5f6a7b8c9d0e1f2' });
    const assets = urlAssets('/vm/', '/v86.wasm', fetchFn);
    await assets.manifest();
    await assets.load('bios.bin');
    expect(asked).toEqual(['/vm/manifest.json', '/vm/a1b2c3d4e5f6a7b8c9d0e1f2/bios.bin']);
    expect(assets.disk('disk.img', 1 << 30).url).toBe('/vm/a1b2c3d4e5f6a7b8c9d0e1f2/disk.img');
  });

  it('falls back to the unversioned files for a manifest without a build id', async () => {
    const { fetchFn } = server(manifest);
    const assets = urlAssets('/vm', '/v86.wasm', fetchFn);
    await assets.manifest();
    expect(assets.disk('disk.img', 1 << 30).url).toBe('/vm/disk.img');
  });

  it('refuses to name a file before it knows the build', () => {
    const assets = urlAssets('/vm/', '/v86.wasm', server(manifest).fetchFn);
    expect(() => assets.disk('disk.img', 1)).toThrow(/read the manifest first/);
  });
});
