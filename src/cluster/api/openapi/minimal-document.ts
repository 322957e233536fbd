import { ProtoWriter } from './protobuf-writer.js';

/** gnostic OpenAPIv2 Document { swagger = 1; info = 2 { title = 1; version = 2 } } with nothing else. */
export function encodeMinimalDocument(): Uint8Array {
  return new ProtoWriter()
    .string(1, '2.0')
    .message(2, (info) => info.string(1, 'Kubernetes').string(2, 'v1.20.2'))
    .finish();
}
