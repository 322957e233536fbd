import { RegistryError } from './errors.js';

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** True for a content digest we can verify (`sha256:` + 64 lower-case hex digits). */
export function isDigest(value: string): boolean {
  return DIGEST.test(value);
}

/** Throws DIGEST_INVALID for anything but a well-formed sha256 digest (other algorithms are not supported). */
export function parseDigest(value: string | null | undefined): string {
  if (!value || !isDigest(value)) {
    throw new RegistryError(
      'DIGEST_INVALID',
      { digest: value ?? null },
      `invalid digest ${JSON.stringify(value ?? '')}`,
    );
  }
  return value;
}

/** sha256 digest of bytes, with WebCrypto (available in Web Workers and Node 20 alike). */
export async function sha256Digest(bytes: Uint8Array): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of hash) hex += b.toString(16).padStart(2, '0');
  return `sha256:${hex}`;
}
