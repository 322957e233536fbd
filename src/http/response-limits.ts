import { formatBytes } from './format-bytes.js';
import { HttpParseError, MAX_HEAD_BYTES } from './head-parser.js';

/**
 * How much of one HTTP response from the guest (dockerd, a container's web app, a probed port) Wharf holds in the
 * worker. Whatever the guest runs may answer anything, and a TCP connection from it cannot be paused, so the HTTP
 * client refuses what goes past these limits instead of buffering it: one home for the numbers and the wording.
 *
 * A response head may be `MAX_HEAD_BYTES` (64 KiB), as a request head may. A body read whole (`bytes()`, `text()`,
 * `json()`: Docker's JSON answers, a probe) may be `MAX_RESPONSE_BODY_BYTES`; so may the part of a streamed body
 * (`docker logs -f`, a preview) that arrived but was not read yet. A streamed body that is read as it arrives
 * (iterated, or listened to) has no total limit.
 */
export const MAX_RESPONSE_BODY_BYTES = 16 * 1024 * 1024;

export { MAX_HEAD_BYTES as MAX_RESPONSE_HEAD_BYTES };

/** The error a response over a body limit fails its reader with (and the connection is closed). */
export function responseTooLarge(request: string, limit: number): HttpParseError {
  return new HttpParseError(
    `${request}: response body larger than ${formatBytes(limit)} (${limit} bytes), the most Wharf holds of one response`,
    413,
  );
}
