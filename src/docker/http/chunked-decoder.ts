import { concatBytes } from '../../protocol/bytes.js';
import { fromUtf8, indexOfCrlf } from './bytes.js';

/**
 * The longest size line (hex size plus extensions) kept while waiting for its CRLF. Only that line is ever held
 * between calls (chunk data is handed out as it arrives), so this bounds what the decoder keeps.
 */
const MAX_SIZE_LINE = 4096;

/**
 * Incremental `Transfer-Encoding: chunked` decoder: feed it bytes as they arrive, get body bytes out.
 *
 * Docker streams (logs -f, events, pull progress) are chunked and arrive split at arbitrary places over the guest
 * link, so the decoder keeps partial size lines and partial chunks between calls.
 */
export class ChunkedDecoder {
  private buffer: Uint8Array = new Uint8Array(0);
  /** Bytes of chunk data still expected; -1 while reading a size line; -2 after the terminating chunk. */
  private remaining = -1;
  /** After a chunk's data, its trailing CRLF still has to be skipped. */
  private skipCrlf = false;

  /** True once the last (zero-size) chunk was read. */
  get done(): boolean {
    return this.remaining === -2;
  }

  push(data: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    this.buffer = this.buffer.length ? concatBytes([this.buffer, data]) : data;
    let at = 0;
    while (at < this.buffer.length && !this.done) {
      if (this.skipCrlf) {
        if (this.buffer.length - at < 2) break;
        at += 2;
        this.skipCrlf = false;
        continue;
      }
      if (this.remaining === -1) {
        const eol = indexOfCrlf(this.buffer, at);
        if (eol < 0) break;
        const sizeText = fromUtf8(this.buffer.subarray(at, eol)).split(';')[0]!.trim();
        const size = Number.parseInt(sizeText, 16);
        if (!/^[0-9a-fA-F]+$/.test(sizeText) || !Number.isFinite(size)) {
          throw new Error(`malformed chunk size line: ${JSON.stringify(sizeText)}`);
        }
        at = eol + 2;
        // A zero-size chunk ends the body; trailers (none from dockerd) are ignored.
        this.remaining = size === 0 ? -2 : size;
        continue;
      }
      const take = Math.min(this.remaining, this.buffer.length - at);
      out.push(this.buffer.slice(at, at + take));
      at += take;
      this.remaining -= take;
      if (this.remaining === 0) {
        this.remaining = -1;
        this.skipCrlf = true;
      }
    }
    this.buffer = this.buffer.slice(at);
    if (this.buffer.length > MAX_SIZE_LINE) throw new Error(`chunk size line longer than ${MAX_SIZE_LINE} bytes`);
    return out;
  }
}
