import type { ByteStream, Disposable } from '../protocol/byte-stream.js';
import { BufferedEmitter, OnceSignal } from './emitter.js';

/**
 * The client's connection after the server switched protocols (101, or Docker's attach and exec hijack): the bytes
 * that arrived together with the response head are replayed first, and the stream is listened to from the moment
 * the client lets go of it, so nothing is lost before the caller's first listener (whatever the transport does with
 * bytes nobody listens to). `innerEnded`: the server had already finished sending by then.
 */
export function upgradedStream(inner: ByteStream, leftover: Uint8Array, innerEnded: boolean): ByteStream {
  const data = new BufferedEmitter<Uint8Array>();
  const ended = new OnceSignal();
  const closed = new OnceSignal();
  let closeError: Error | undefined;
  if (leftover.length) data.emit(leftover);
  inner.onData((d) => data.emit(d));
  const end = () => {
    ended.fire();
  };
  if (innerEnded) end();
  inner.onEnd(end);
  inner.onClose((error) => {
    closeError = error;
    end();
    closed.fire();
  });
  return {
    write: (bytes) => inner.write(bytes),
    end: () => inner.end(),
    close: () => inner.close(),
    onData: (listener): Disposable => data.on(listener),
    onEnd: (listener): Disposable => ended.on(listener),
    onClose: (listener): Disposable => closed.on(() => listener(closeError)),
  };
}
