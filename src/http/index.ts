/** HTTP/1.1 over a ByteStream: a server (keep-alive, chunked, upgrades), Wharf's one client, and helpers. */
export { HttpHeaders } from './headers.js';
export { HttpParseError } from './head-parser.js';
export { HttpRequest } from './request.js';
export { ResponseWriter } from './response-writer.js';
export { createHttpServer, serveConnection, type HttpHandler, type HttpServerOptions } from './server.js';
export {
  HttpClientConnection,
  httpRequest,
  type HttpClientOptions,
  type HttpClientRequest,
  type HttpClientResponse,
} from './client.js';
export type { ResponseBody } from './response-body.js';
export { MAX_RESPONSE_BODY_BYTES, responseTooLarge } from './response-limits.js';
export { formatBytes } from './format-bytes.js';
export { createStreamPair } from './stream-pair.js';
export { prefixedStream } from './prefixed-stream.js';
export { ChunkQueue } from './chunk-queue.js';
export { ReceiveBuffer } from './receive-buffer.js';
export { statusText } from './status-text.js';
