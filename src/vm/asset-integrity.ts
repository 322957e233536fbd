import type { VmManifest } from './manifest.js';
import { VmStartError } from './types.js';

/** Default file names of the roles (as scripts/build-vm.mjs writes them in `files`). */
const DEFAULT_NAMES: Record<string, string> = {
  bios: 'bios.bin',
  bzimage: 'bzImage',
  initrd: 'initrd.img',
  disk: 'disk.img',
};

/** What the manifest says a whole file of the build must be: its size and SHA-256 when it records them. */
export function expectedAsset(manifest: VmManifest, file: string): { bytes?: number; sha256?: string } {
  if (manifest.snapshot?.file === file) return { bytes: manifest.snapshot.bytes, sha256: manifest.snapshot.sha256 };
  const recorded = typeof manifest.files === 'object' && manifest.files !== null ? manifest.files : {};
  const names: Record<string, unknown> = { ...DEFAULT_NAMES, ...recorded };
  const role = Object.keys(names).find((r) => names[r] === file);
  if (!role) return {};
  return { bytes: manifest.fileBytes?.[role], sha256: manifest.fileSha256?.[role] };
}

/**
 * Check a whole file of the build (bios, kernel, initrd, snapshot) against the manifest before the emulator sees
 * it: a truncated download, a file from another build (a rebuild between two requests) or a corrupt cache entry
 * would otherwise boot into nonsense or fail deep inside v86. What the manifest does not record is not checked
 * (builds made before the record existed).
 */
export async function verifyAsset(manifest: VmManifest, file: string, data: Uint8Array): Promise<void> {
  const expected = expectedAsset(manifest, file);
  const rebuild = 'it is truncated, corrupt or from another build: reload the page (or run `npm run build:vm`)';
  if (expected.bytes !== undefined && data.length !== expected.bytes)
    throw new VmStartError(`${file} is ${data.length} bytes, the manifest says ${expected.bytes}: ${rebuild}`);
  if (expected.sha256 === undefined) return;
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
