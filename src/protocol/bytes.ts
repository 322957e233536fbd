/**
 * Byte chunks joined into one buffer: the one helper every wire format, body reader and batcher uses. It lives on
 * the bottom floor so every folder (the page included) may import it.
 *
 * A single part is returned as it is, not copied (a body read whole is often one chunk, and can be 16 MiB): a caller
 * that needs a buffer of its own must hold parts nobody else writes to, as every caller here does.
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * The bytes as an ArrayBuffer of exactly their length (APIs that take a whole buffer, such as v86's, would see the
 * rest of a larger one): the view's own buffer when it spans all of it, else a copy.
 */
export function exactArrayBuffer(data: Uint8Array): ArrayBuffer {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer
    ? data.buffer
    : (data.slice().buffer as ArrayBuffer);
}
