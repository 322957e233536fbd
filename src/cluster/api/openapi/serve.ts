/**
 * GET /openapi/v2. kubectl 1.20 only reads the protobuf form (gnostic's OpenAPIv2 Document). Until the generated
 * schema lands, a Document with just `swagger` and `info` makes `apply`/`create -f` validation pass (kubectl skips
 * validation of types absent from the schema).
 */
import type { HttpRequest, ResponseWriter } from '../../../http/index.js';
import { encodeMinimalDocument } from './minimal-document.js';

// The real server labels the protobuf document as octet-stream (Go's mime parser rejects the '@' of the proto type).
const PROTO_TYPE = 'application/octet-stream';

export function serveOpenApi(req: HttpRequest, res: ResponseWriter): void {
  const accept = req.headers.get('accept') ?? '';
  if (accept.includes('protobuf')) {
    res.send(200, { 'Content-Type': PROTO_TYPE }, encodeMinimalDocument());
    return;
  }
  res.send(
    200,
    { 'Content-Type': 'application/json' },
    JSON.stringify({ swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.20.2' }, paths: {}, definitions: {} }),
  );
}
