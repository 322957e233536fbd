// The tests drive the real kubectl 1.20 (what the guest ships) natively: Debian's amd64 `kubernetes-client`,
// unpacked into the cache (machines of this kind may already have a newer `kubectl` package owning /usr/bin/kubectl).
import { join } from 'node:path';
import { unpackedDeb } from './unpacked-deb.mjs';

/** Path of a native kubectl 1.20 binary, unpacked from Debian's package on first use. */
export function ensureKubectl120() {
  return join(unpackedDeb('kubernetes-client'), 'usr', 'bin', 'kubectl');
}
