import { fromUtf8 } from './bytes.js';

export interface ResponseHead {
  status: number;
  statusText: string;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Map<string, string>;
}

/** Parse `HTTP/1.1 200 OK\r\nName: value\r\n...` (the bytes before the blank line). */
export function parseResponseHead(bytes: Uint8Array): ResponseHead {
  const lines = fromUtf8(bytes).split('\r\n');
  const statusLine = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!statusLine) throw new Error(`malformed HTTP status line: ${JSON.stringify(lines[0])}`);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed HTTP header line: ${JSON.stringify(line)}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  return { status: Number(statusLine[1]), statusText: statusLine[2] ?? '', headers };
}
