import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectedAsset, verifyAsset } from './asset-integrity.js';
import { parseManifest, type VmManifest } from './manifest.js';

const bios = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
const state = new Uint8Array([9, 9, 9]);
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const base = { cmdline: 'console=ttyS0', memoryMB: 512, diskBytes: 1 << 30 };
/** The records as scripts/build-vm.mjs and make-snapshot write them. */
const built = (extra: Record<string, unknown> = {}): VmManifest =>
  parseManifest({
    ...base,
    files: { bios: 'bios.bin', bzimage: 'bzImage', initrd: 'initrd.img', disk: 'disk.img' },
    fileBytes: { bios: bios.length, bzimage: 5, initrd: 4, disk: 1 << 30 },
    fileSha256: { bios: sha256(bios) },
    snapshot: { file: 'state.zst', bytes: state.length, diskHash: 'd', sha256: sha256(state) },
    ...extra,
  });

describe('verifyAsset', () => {
  it('accepts the files the manifest describes', async () => {
    await expect(verifyAsset(built(), 'bios.bin', bios)).resolves.toBeUndefined();
    await expect(verifyAsset(built(), 'state.zst', state)).resolves.toBeUndefined();
  });

  it('refuses a truncated file, naming both sizes', async () => {
    await expect(verifyAsset(built(), 'bios.bin', bios.subarray(0, 5))).rejects.toThrow(
      /bios\.bin is 5 bytes, the manifest says 8: it is truncated, corrupt or from another build/,
    );
    await expect(verifyAsset(built(), 'bzImage', new Uint8Array(6))).rejects.toThrow(/bzImage is 6 bytes/);
  });

  it('refuses a file of the right size with other bytes (another build, a corrupt cache entry)', async () => {
    const other = bios.slice();
    other[3] = 99;
    await expect(verifyAsset(built(), 'bios.bin', other)).rejects.toThrow(/bios\.bin has SHA-256 \w+…, the manifest/);
    await expect(verifyAsset(built(), 'state.zst', new Uint8Array([9, 9, 8]))).rejects.toThrow(/state\.zst has SHA/);
  });

  it('checks what is recorded and nothing more (builds made before the records existed)', async () => {
    expect(expectedAsset(built(), 'initrd.img')).toEqual({ bytes: 4, sha256: undefined });
    await expect(verifyAsset(parseManifest(base), 'bzImage', new Uint8Array(3))).resolves.toBeUndefined();
  });
});

describe('parseManifest, the file records and the build id', () => {
  it('refuses a half-written record instead of skipping the check', () => {
    expect(() => built({ fileBytes: { bios: '8' } })).toThrow(/"fileBytes.bios" must be a byte count/);
    expect(() => built({ fileSha256: { bios: 'ab' } })).toThrow(/"fileSha256.bios" must be 64 hex digits/);
    expect(() => built({ fileSha256: [1] })).toThrow(/must map file roles/);
    expect(() => built({ snapshot: { file: 's', bytes: 1, diskHash: 'd', sha256: 7 } })).toThrow(/snapshot.sha256/);
  });

  it('accepts only a hex build id (it becomes a URL path segment)', () => {
    expect(parseManifest({ ...base, hash: '0123456789abcdef01234567' }).hash).toBe('0123456789abcdef01234567');
    expect(() => parseManifest({ ...base, hash: '../current' })).toThrow(/"hash" must be the build's hex id/);
  });
});
