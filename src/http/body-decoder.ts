import { HttpParseError } from './head-parser.js';

/**
 * Incremental decoder of one message body framed by Content-Length, chunked transfer coding, or the end of the
 * connection. Feed it bytes; it hands out body bytes and tells where the body (and so the next message) ends.
 */
export interface BodyDecoder {
  /** Consume from `data`; returns body bytes found and how many input bytes were used. */
  push(data: Uint8Array): { chunks: Uint8Array[]; used: number };
  /** The whole body has been seen (trailers included). */
  readonly done: boolean;
}

export function lengthDecoder(length: number): BodyDecoder {
  let remaining = length;
  return {
    get done() {
      return remaining === 0;
    },
    push(data) {
      const take = Math.min(remaining, data.length);
      remaining -= take;
      return { chunks: take ? [data.subarray(0, take)] : [], used: take };
    },
  };
}

/** Reads until the peer closes (HTTP/1.0-style responses without length). Never `done` by itself. */
export function untilCloseDecoder(): BodyDecoder {
  return {
    done: false,
    push(data) {
      return { chunks: data.length ? [data] : [], used: data.length };
    },
  };
}

const MAX_CHUNK_LINE = 4096;

/** RFC 9112 section 7.1 chunked coding, with chunk extensions ignored and trailers skipped. */
export function chunkedDecoder(): BodyDecoder {
  type State = 'size' | 'data' | 'data-crlf' | 'trailer';
  let state: State = 'size';
  let line = '';
  let remaining = 0;
  let done = false;
  return {
    get done() {
      return done;
    },
    push(data) {
      const chunks: Uint8Array[] = [];
      let i = 0;
      while (i < data.length && !done) {
        if (state === 'data') {
          const take = Math.min(remaining, data.length - i);
          chunks.push(data.subarray(i, i + take));
          i += take;
          remaining -= take;
          if (remaining === 0) state = 'data-crlf';
          continue;
        }
        const byte = data[i++]!;
        if (byte !== 10) {
          if (byte !== 13) line += String.fromCharCode(byte);
          if (line.length > MAX_CHUNK_LINE) throw new HttpParseError('chunk header too long');
          continue;
        }
        // A complete line.
        const text = line;
        line = '';
        if (state === 'size') {
          const sizeText = text.split(';')[0]!.trim();
          if (!/^[0-9a-fA-F]+$/.test(sizeText))
            throw new HttpParseError(`invalid chunk size ${JSON.stringify(sizeText)}`);
          remaining = parseInt(sizeText, 16);
          state = remaining === 0 ? 'trailer' : 'data';
        } else if (state === 'data-crlf') {
          if (text !== '') throw new HttpParseError('missing CRLF after chunk data');
          state = 'size';
        } else if (text === '') {
          done = true;
        }
      }
      return { chunks, used: i };
    },
  };
}

const encoder = new TextEncoder();

/** Frame one chunk of a chunked body (an empty chunk would end the body, so callers skip empty writes). */
export function encodeChunk(data: Uint8Array): Uint8Array {
  const head = encoder.encode(`${data.length.toString(16)}\r\n`);
  const out = new Uint8Array(head.length + data.length + 2);
  out.set(head, 0);
  out.set(data, head.length);
  out[out.length - 2] = 13;
  out[out.length - 1] = 10;
  return out;
}

export const LAST_CHUNK = encoder.encode('0\r\n\r\n');
