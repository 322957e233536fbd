import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyAsset } from './asset-integrity.js';
import { parseManifest, type VmManifest } from './manifest.js';

const bios = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const base = { cmdline: 'console=ttyS0', memoryMB: 512, diskBytes: 1 << 30 };
const manifest = (integrity?: unknown): VmManifest => parseManifest({ ...base, integrity });

describe('verifyAsset', () => {
  const m = manifest({ 'bios.bin': { bytes: bios.length, sha256: sha256(bios) } });

  it('accepts the file the manifest describes', async () => {
    await expect(verifyAsset(m, 'bios.bin', bios)).resolves.toBeUndefined();
  });

  it('refuses a truncated file, naming both sizes', async () => {
    await expect(verifyAsset(m, 'bios.bin', bios.subarray(0, 5))).rejects.toThrow(
      /bios\.bin is 5 bytes, the manifest says 8: it is truncated, corrupt or from another build/,
    );
  });

  it('refuses a file of the right size with other bytes (another build, a corrupt cache entry)', async () => {
    const other = bios.slice();
    other[3] = 99;
    await expect(verifyAsset(m, 'bios.bin', other)).rejects.toThrow(/bios\.bin has SHA-256 \w+…, the manifest says/);
  });

  it('leaves files without a record unchecked (builds made before the record existed)', async () => {
    await expect(verifyAsset(manifest(), 'bzImage', new Uint8Array(3))).resolves.toBeUndefined();
  });
});

describe('parseManifest, the integrity record and the build id', () => {
  it('refuses a half-written record instead of skipping the check', () => {
    expect(() => manifest({ 'bios.bin': { bytes: 8 } })).toThrow(/integrity" of bios.bin needs bytes/);
    expect(() => manifest({ 'bios.bin': { bytes: '8', sha256: 'ab' } })).toThrow(/needs bytes/);
    expect(() => manifest({ 'bios.bin': { bytes: 8, sha256: 'ab' } })).toThrow(/not 64 hex digits/);
    expect(() => manifest([1])).toThrow(/must map file names/);
  });

  it('accepts only a hex build id (it becomes a URL path segment)', () => {
    expect(parseManifest({ ...base, hash: '0123456789abcdef01234567' }).hash).toBe('0123456789abcdef01234567');
    expect(() => parseManifest({ ...base, hash: '../current' })).toThrow(/"hash" must be the build's hex id/);
  });
});
