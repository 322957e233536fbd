import { HttpHeaders } from './headers.js';

/** The start line and header fields of one HTTP/1.x message, as read off the wire. */
export interface MessageHead {
  /** Request: [method, target, version]; response: [version, status, reason]. */
  startLine: [string, string, string];
  headers: HttpHeaders;
  /** Bytes of the head including the blank line. */
  length: number;
}

/** Malformed or oversized HTTP: the server answers 400 (or 431) and closes; a client rejects the request. */
export class HttpParseError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'HttpParseError';
  }
}

/** Heads larger than this are refused (431), so a peer cannot make us buffer without bound. */
export const MAX_HEAD_BYTES = 64 * 1024;

const latin1 = new TextDecoder('latin1');

/** Where the first CRLFCRLF (or bare LFLF, which lenient peers send) ending a head is, searching from `from`. */
function findHeadEnd(buf: Uint8Array, from: number): { end: number; sepLen: number } | undefined {
  for (let i = from; i < buf.length - 1; i++) {
    if (buf[i] !== 10) continue;
    if (buf[i + 1] === 10) return { end: i, sepLen: 2 };
    if (buf[i + 1] === 13 && buf[i + 2] === 10) return { end: i, sepLen: 3 };
  }
  return undefined;
}

/**
 * Parse a message head from the start of `buf`. Returns undefined when more bytes are needed.
 * `kind` decides how the start line is split (a reason phrase may contain spaces; a request target may not).
 * `searched`: how many bytes of `buf` an earlier call already searched for the head's end, so a head arriving a few
 * bytes at a time is not searched from the start every time.
 */
export function parseHead(buf: Uint8Array, kind: 'request' | 'response', searched = 0): MessageHead | undefined {
  // Tolerate empty lines before a request line (RFC 9112 section 2.2).
  let start = 0;
  while (start < buf.length && (buf[start] === 13 || buf[start] === 10)) start++;
  const found = findHeadEnd(buf.subarray(start), Math.max(0, searched - start - 3));
  if (!found || found.end > MAX_HEAD_BYTES) {
    if (found || buf.length > MAX_HEAD_BYTES) {
      // A server answers 431 with the first wording; a client refuses the response with the second.
      const message =
        kind === 'request' ? 'request header fields too large' : `response head larger than ${MAX_HEAD_BYTES} bytes`;
      throw new HttpParseError(message, 431);
    }
    return undefined;
  }
  const text = latin1.decode(buf.subarray(start, start + found.end));
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const first = lines.shift() ?? '';
  const startLine = splitStartLine(first, kind);
  const headers = new HttpHeaders();
  for (const line of lines) {
    if (line === '') continue;
    if (line[0] === ' ' || line[0] === '\t') throw new HttpParseError('obsolete header line folding');
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HttpParseError(`malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon);
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name))
      throw new HttpParseError(`invalid header name ${JSON.stringify(name)}`);
    headers.append(name, line.slice(colon + 1).trim());
  }
  return { startLine, headers, length: start + found.end + found.sepLen };
}

function splitStartLine(line: string, kind: 'request' | 'response'): [string, string, string] {
  if (kind === 'request') {
    const parts = line.split(' ');
    if (parts.length !== 3 || !parts[0] || !parts[1] || !/^HTTP\/1\.[01]$/.test(parts[2]!)) {
      throw new HttpParseError(`malformed request line: ${JSON.stringify(line.slice(0, 120))}`);
    }
    return [parts[0], parts[1], parts[2]!];
  }
  const m = /^(HTTP\/1\.[01]) (\d{3})(?: (.*))?$/.exec(line);
  if (!m) throw new HttpParseError(`malformed status line: ${JSON.stringify(line.slice(0, 120))}`);
  return [m[1]!, m[2]!, m[3] ?? ''];
}
