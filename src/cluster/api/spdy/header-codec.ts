/**
 * SPDY/3 name/value header blocks: zlib with the SPDY dictionary, one compression context per direction for the
 * whole connection (each block ends with a sync flush so the peer can decode it at once).
 */
import { Deflate, Inflate, Z_SYNC_FLUSH } from 'pako';
import { concatBytes } from '../../../protocol/bytes.js';
import { SPDY3_DICTIONARY } from './dictionary.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A header block that breaks the protocol: the session answers with GOAWAY and closes, it never throws further. */
export class SpdyProtocolError extends Error {
  constructor(message: string) {
    super(`spdy: ${message}`);
    this.name = 'SpdyProtocolError';
  }
}

/**
 * The most a header block may inflate to. kubectl's blocks are a few hundred bytes; without a bound, a 1 MB
 * compressed block of zeros would inflate to a gigabyte in the worker.
 */
export const MAX_HEADER_BLOCK_BYTES = 64 * 1024;

export class HeaderDecoder {
  private readonly inflate = new Inflate({ dictionary: SPDY3_DICTIONARY });
  private out: Uint8Array[] = [];
  private inflated = 0;

  constructor() {
    this.inflate.onData = (chunk) => {
      this.inflated += chunk.length;
      // Thrown out of pako's push: the inflation stops here instead of producing the rest.
      if (this.inflated > MAX_HEADER_BLOCK_BYTES)
        throw new SpdyProtocolError(`header block larger than ${MAX_HEADER_BLOCK_BYTES} bytes`);
      this.out.push(chunk.slice());
    };
  }

  /** Decode one block; throws SpdyProtocolError for anything malformed (the shared context is then unusable). */
  decode(block: Uint8Array): Map<string, string[]> {
    this.out = [];
    this.inflated = 0;
    if (block.length) this.inflate.push(block, Z_SYNC_FLUSH);
    if (this.inflate.err) throw new SpdyProtocolError(`header decompression failed: ${this.inflate.msg}`);
    const data = concatBytes(this.out);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const headers = new Map<string, string[]>();
    if (data.length < 4) return headers;
    let p = 0;
    const u32 = (): number => {
      if (p + 4 > data.length) throw new SpdyProtocolError('header block cut short');
      const n = view.getUint32(p);
      p += 4;
      return n;
    };
    const bytes = (n: number): Uint8Array => {
      if (p + n > data.length) throw new SpdyProtocolError('header block cut short');
      const out = data.subarray(p, p + n);
      p += n;
      return out;
    };
    const count = u32();
    for (let i = 0; i < count; i++) {
      const name = dec.decode(bytes(u32())).toLowerCase();
      const value = dec.decode(bytes(u32()));
      headers.set(name, [...(headers.get(name) ?? []), ...value.split('\0')]);
    }
    return headers;
  }
}

export class HeaderEncoder {
  private readonly deflate = new Deflate({ dictionary: SPDY3_DICTIONARY });
  private out: Uint8Array[] = [];

  constructor() {
    this.deflate.onData = (chunk) => this.out.push(chunk);
  }

  encode(headers: Record<string, string>): Uint8Array {
    const entries = Object.entries(headers);
    const parts: Uint8Array[] = [];
    const u32 = (n: number): Uint8Array => {
      const b = new Uint8Array(4);
      new DataView(b.buffer).setUint32(0, n);
      return b;
    };
    parts.push(u32(entries.length));
    for (const [name, value] of entries) {
      const n = enc.encode(name.toLowerCase());
      const v = enc.encode(value);
      parts.push(u32(n.length), n, u32(v.length), v);
    }
    this.out = [];
    this.deflate.push(concatBytes(parts), Z_SYNC_FLUSH);
    return concatBytes(this.out);
  }
}
