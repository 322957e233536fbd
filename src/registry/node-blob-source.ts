import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { BlobSourceError, type BlobSource, type ByteRange } from './blob-source.js';

/** Node: an OCI layout folder on disk (e.g. `~/.cache/wharf/images/current`). */
export class NodeBlobSource implements BlobSource {
  constructor(private readonly dir: string) {}

  async *read(path: string, range?: ByteRange): AsyncIterable<Uint8Array> {
    if (path.split('/').includes('..')) throw new BlobSourceError(path, 'path escapes the layout');
    const stream = createReadStream(join(this.dir, path), range ? { start: range.start, end: range.end } : {});
    try {
      for await (const chunk of stream) yield new Uint8Array(chunk as Buffer);
    } catch (error) {
      throw new BlobSourceError(path, error instanceof Error ? error.message : String(error));
    }
  }
}
