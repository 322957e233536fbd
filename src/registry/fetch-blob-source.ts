import { BlobSourceError, type BlobSource, type ByteRange } from './blob-source.js';

/** Browser (or any fetch): an OCI layout served over HTTP, e.g. by the dev server; Range requests for slices. */
export class FetchBlobSource implements BlobSource {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async *read(path: string, range?: ByteRange): AsyncIterable<Uint8Array> {
    const url = new URL(path, this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    const headers: Record<string, string> = range ? { Range: `bytes=${range.start}-${range.end}` } : {};
    const response = await this.fetchFn(url, { headers });
    if (!response.ok) throw new BlobSourceError(path, `HTTP ${response.status}`);
    if (!response.body) {
      yield new Uint8Array(await response.arrayBuffer());
      return;
    }
    let skip = 0;
    let left = range ? range.end - range.start + 1 : Infinity;
    // A server that ignores Range answers 200 with the whole file: cut the slice out ourselves.
    if (range && response.status === 200) skip = range.start;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done || left <= 0) break;
      let chunk = value;
      if (skip > 0) {
        const drop = Math.min(skip, chunk.length);
        chunk = chunk.subarray(drop);
        skip -= drop;
      }
      if (chunk.length > left) chunk = chunk.subarray(0, left);
      left -= chunk.length;
      if (chunk.length) yield chunk;
    }
    await reader.cancel().catch(() => undefined);
  }
}
