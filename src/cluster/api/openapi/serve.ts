/**
 * GET /openapi/v2: kubectl 1.20 reads only the protobuf form (gnostic OpenAPIv2 Document) for apply/create
 * validation, `explain` and the `--dry-run=server` support check; other clients get the JSON.
 */
import type { HttpRequest, ResponseWriter } from '../../../http/index.js';
import { encodeOpenApiDocument } from './encode-document.js';
import { K8S_OPENAPI } from './schema.js';

// The real server labels the protobuf document as octet-stream (Go's mime parser rejects the '@' of the proto type).
const PROTO_TYPE = 'application/octet-stream';

let protobuf: Uint8Array | undefined;
let json: string | undefined;

export function serveOpenApi(req: HttpRequest, res: ResponseWriter): void {
  const accept = req.headers.get('accept') ?? '';
  if (accept.includes('protobuf')) {
    protobuf ??= encodeOpenApiDocument(K8S_OPENAPI as unknown as Record<string, unknown>);
    res.send(200, { 'Content-Type': PROTO_TYPE }, protobuf);
    return;
  }
  json ??= JSON.stringify(K8S_OPENAPI);
  res.send(200, { 'Content-Type': 'application/json' }, json);
}
