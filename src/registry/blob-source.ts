import { concatBytes } from '../protocol/bytes.js';

/** An inclusive byte range, as in an HTTP `Range: bytes=start-end` header. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Read-only access to the files of an OCI image layout (`index.json`, `blobs/sha256/<hex>`): from the cache folder
 * in Node, over fetch in the browser. The registry core never touches a file system itself.
 */
export interface BlobSource {
  /** The bytes of `path` (relative to the layout root), optionally a range of them, as they arrive. */
  read(path: string, range?: ByteRange): AsyncIterable<Uint8Array>;
}

/** A layout file is missing (a broken or partial image build). */
export class BlobSourceError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`cannot read ${path} from the image layout: ${reason}`);
    this.name = 'BlobSourceError';
  }
}

export async function readAll(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of source) parts.push(part);
  return concatBytes(parts);
}
