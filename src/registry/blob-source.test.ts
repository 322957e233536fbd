import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobSourceError, readAll } from './blob-source.js';
import { parseDockerIoRef } from './curated-catalog.js';
import { FetchBlobSource } from './fetch-blob-source.js';
import { parseRange } from './http-handler.js';
import { NodeBlobSource } from './node-blob-source.js';

const bytes = new Uint8Array(1000).map((_, i) => i & 0xff);

describe('blob sources', () => {
  it('NodeBlobSource reads whole files and inclusive ranges, and refuses paths outside the layout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-blobs-'));
    mkdirSync(join(dir, 'blobs/sha256'), { recursive: true });
    writeFileSync(join(dir, 'blobs/sha256/abc'), bytes);
    const source = new NodeBlobSource(dir);
    expect(await readAll(source.read('blobs/sha256/abc'))).toEqual(bytes);
    expect(await readAll(source.read('blobs/sha256/abc', { start: 10, end: 19 }))).toEqual(bytes.subarray(10, 20));
    await expect(readAll(source.read('blobs/sha256/missing'))).rejects.toBeInstanceOf(BlobSourceError);
    await expect(readAll(source.read('../etc/passwd'))).rejects.toBeInstanceOf(BlobSourceError);
  });

  it('FetchBlobSource sends Range, and cuts the slice itself when a server ignores Range', async () => {
    const seen: string[] = [];
    const honours: typeof fetch = async (input, init) => {
      const range = new Headers(init?.headers).get('range');
      seen.push(`${String(input)} ${range ?? ''}`);
      const m = /bytes=(\d+)-(\d+)/.exec(range ?? '');
      return m ? new Response(bytes.slice(Number(m[1]), Number(m[2]) + 1), { status: 206 }) : new Response(bytes);
    };
    const source = new FetchBlobSource('http://example.test/images', honours);
    expect(await readAll(source.read('blobs/sha256/abc', { start: 5, end: 9 }))).toEqual(bytes.subarray(5, 10));
    expect(seen).toEqual(['http://example.test/images/blobs/sha256/abc bytes=5-9']);
    const ignores: typeof fetch = async () => new Response(bytes);
    const sloppy = new FetchBlobSource('http://example.test/images/', ignores);
    expect(await readAll(sloppy.read('x', { start: 990, end: 999 }))).toEqual(bytes.subarray(990, 1000));
    const missing: typeof fetch = async () => new Response('nope', { status: 404 });
    await expect(readAll(new FetchBlobSource('http://e.test/', missing).read('x'))).rejects.toThrow(/HTTP 404/);
  });
});

describe('parsing helpers', () => {
  it('maps OCI ref names to registry repositories as Docker Hub names them', () => {
    expect(parseDockerIoRef('docker.io/library/nginx:latest')).toEqual({ repository: 'library/nginx', tag: 'latest' });
    expect(parseDockerIoRef('docker.io/wharf/hello:1.0')).toEqual({ repository: 'wharf/hello', tag: '1.0' });
    expect(parseDockerIoRef('redis:7')).toEqual({ repository: 'library/redis', tag: '7' });
    expect(parseDockerIoRef('no-tag')).toBeUndefined();
  });

  it('parses single byte ranges like an HTTP server', () => {
    expect(parseRange(undefined, 100)).toBeUndefined();
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('invalid');
    expect(parseRange('bytes=5-1', 100)).toBe('invalid');
    expect(parseRange('items=0-1', 100)).toBe('invalid');
  });
});
