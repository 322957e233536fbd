import type { Socket } from 'node:net';
import type { ByteStream, Disposable } from '../protocol/byte-stream.js';

/**
 * A Node `net.Socket` as a ByteStream (tests, and serving the API on a real TCP port). Only a type is imported from
 * Node, so this file is safe to bundle; `listenTcp` (node-listen.ts) is the part that needs Node at run time.
 * The socket should allow half-open connections so `end()` is a real half-close.
 */
export function byteStreamFromSocket(socket: Socket): ByteStream {
  let closed = false;
  socket.on('close', () => (closed = true));
  // Unhandled 'error' events would crash the process; they surface through onClose instead.
  socket.on('error', () => {});
  const on = <A extends unknown[]>(event: string, listener: (...args: A) => void): Disposable => {
    const l = listener as (...args: unknown[]) => void;
    socket.on(event, l);
    return { dispose: () => socket.off(event, l) };
  };
  return {
    write(data) {
      if (!closed && socket.writable) socket.write(data);
    },
    end() {
      if (!closed) socket.end();
    },
    close() {
      socket.destroy();
    },
    onData: (listener) => on('data', (d: Uint8Array) => listener(new Uint8Array(d.buffer, d.byteOffset, d.byteLength))),
    onEnd(listener) {
      let fired = false;
      const once = (): void => {
        if (!fired) {
          fired = true;
          listener();
        }
      };
      const a = on('end', once);
      const b = on('close', once);
      return { dispose: () => (a.dispose(), b.dispose()) };
    },
    onClose(listener) {
      let error: Error | undefined;
      const e = on('error', (err: Error) => (error = err));
      const c = on('close', () => listener(error));
      return { dispose: () => (e.dispose(), c.dispose()) };
    },
  };
}
