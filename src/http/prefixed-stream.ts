import type { ByteStream, Disposable } from '../protocol/byte-stream.js';

/**
 * The same stream, but the first data listener first receives `prefix`: the bytes that arrived after an HTTP
 * head that switched protocols (101) belong to the new protocol, not to HTTP.
 */
export function prefixedStream(stream: ByteStream, prefix: Uint8Array): ByteStream {
  let pending: Uint8Array | undefined = prefix.length ? prefix.slice() : undefined;
  return {
    write: (data) => stream.write(data),
    end: () => stream.end(),
    close: () => stream.close(),
    onEnd: (l) => stream.onEnd(l),
    onClose: (l) => stream.onClose(l),
    onData(listener): Disposable {
      const held = pending;
      pending = undefined;
      if (held) {
        // Deliver before any later bytes: the underlying listener is registered now, but bytes can only arrive
        // on a later task, while this microtask runs first.
        let disposed = false;
        queueMicrotask(() => {
          if (!disposed) listener(held);
        });
        const inner = stream.onData(listener);
        return {
          dispose() {
            disposed = true;
            inner.dispose();
          },
        };
      }
      return stream.onData(listener);
    },
  };
}
