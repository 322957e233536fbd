import { describe, expect, it } from 'vitest';
import { urlAssets } from './url-assets.js';

const manifest = { cmdline: 'console=ttyS0', memoryMB: 512, diskBytes: 1 << 30 };

/**
 * A fetch that records the URLs (and ranges) asked for and answers the manifest, a few bytes, or the asked range of
 * a disk whose byte i is i % 251 (a server that ignores Range answers 200 with the start of it).
 */
function server(body: Record<string, unknown>, options: { ignoreRange?: boolean } = {}) {
  const asked: string[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const range = new Headers(init?.headers).get('range');
    asked.push(range ? `${url} ${range}` : url);
    if (url.endsWith('manifest.json')) return Response.json(body);
    const m = range && /^bytes=(\d+)-(\d+)$/.exec(range);
    if (!m) return new Response(new Uint8Array([1, 2, 3]));
    const [start, end] = [Number(m[1]), Number(m[2])];
    const bytes = Uint8Array.from({ length: end - start + 1 }, (_, i) => (start + i) % 251);
    return options.ignoreRange ? new Response(bytes, { status: 200 }) : new Response(bytes, { status: 206 });
  }) as typeof fetch;
  return { asked, fetchFn };
}

describe('urlAssets', () => {
  it('reads every file, and the disk, from the build the manifest names', async () => {
    const { asked, fetchFn } = server({ ...manifest, hash: 'a1b2c3d4e5f6a7b8c9d0e1f2' });
    const assets = urlAssets('/vm/', '/v86.wasm', fetchFn);
    await assets.manifest();
    await assets.load('bios.bin');
    const bytes = await assets.diskReader('disk.img')(1000, 4);
    expect([...bytes]).toEqual([1000 % 251, 1001 % 251, 1002 % 251, 1003 % 251]);
    expect(asked).toEqual([
      '/vm/manifest.json',
      '/vm/a1b2c3d4e5f6a7b8c9d0e1f2/bios.bin',
      '/vm/a1b2c3d4e5f6a7b8c9d0e1f2/disk.img bytes=1000-1003',
    ]);
  });

  it('refuses a disk answer that is not the range asked for (a 200 would be the whole disk)', async () => {
    const assets = urlAssets('/vm/', '/v86.wasm', server(manifest, { ignoreRange: true }).fetchFn);
    await assets.manifest();
    await expect(assets.diskReader('disk.img')(0, 512)).rejects.toThrow(/answered HTTP 200 to Range: bytes=0-511/);
  });

  it('falls back to the unversioned files for a manifest without a build id', async () => {
    const { asked, fetchFn } = server(manifest);
    const assets = urlAssets('/vm', '/v86.wasm', fetchFn);
    await assets.manifest();
    await assets.diskReader('disk.img')(0, 1);
    expect(asked.at(-1)).toBe('/vm/disk.img bytes=0-0');
  });

  it('refuses to name a file before it knows the build', () => {
    const assets = urlAssets('/vm/', '/v86.wasm', server(manifest).fetchFn);
    expect(() => assets.diskReader('disk.img')).toThrow(/read the manifest first/);
  });
});
