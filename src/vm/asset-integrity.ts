import type { VmManifest } from './manifest.js';
import { VmStartError } from './types.js';

/**
 * Check a whole file of the build (bios, kernel, initrd, snapshot) against the manifest before the emulator sees
 * it: a truncated download, a file from another build (a rebuild between two requests) or a corrupt cache entry
 * would otherwise boot into nonsense or fail deep inside v86. Files the manifest has no record of are not checked
 * (builds made before the record existed); the snapshot's own `bytes` is checked by the VM either way.
 */
export async function verifyAsset(manifest: VmManifest, file: string, data: Uint8Array): Promise<void> {
  const expected = manifest.integrity?.[file];
  if (!expected) return;
  const rebuild = 'it is truncated, corrupt or from another build: reload the page (or run `npm run build:vm`)';
  if (data.length !== expected.bytes)
    throw new VmStartError(`${file} is ${data.length} bytes, the manifest says ${expected.bytes}: ${rebuild}`);
  const sha256 = await sha256Hex(data);
  // Without Web Crypto (a page served over plain http to another machine) only the size can be checked.
  if (sha256 !== undefined && sha256 !== expected.sha256)
    throw new VmStartError(
      `${file} has SHA-256 ${sha256.slice(0, 12)}…, the manifest says ${expected.sha256.slice(0, 12)}…: ${rebuild}`,
    );
}

async function sha256Hex(data: Uint8Array): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  const digest = new Uint8Array(await subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
