import type { ByteStream } from '../protocol/byte-stream.js';
import { BufferedEmitter, OnceEvent } from './agent/emitter.js';
import type { V86TcpConnection } from './v86-internals.js';

/**
 * One of v86's fake-network TCP connections as a ByteStream. v86 keeps a single handler per event, so this wrapper
 * owns them and fans out. `end()` sends FIN; the connection is closed once both sides finished or on RST.
 */
export function tcpStream(conn: V86TcpConnection): ByteStream {
  const data = new BufferedEmitter<Uint8Array>();
  const ended = new OnceEvent<void>();
  const closed = new OnceEvent<Error | undefined>();
  let weEnded = false;
  const finish = (error?: Error) => {
    ended.emit();
    closed.emit(error);
  };
  // The payload is a view into v86's packet buffer, reused for the next packet: copy it.
  conn.on('data', (bytes) => data.emit(bytes.slice()));
  conn.on('shutdown', () => {
    ended.emit();
    if (weEnded) finish();
  });
  conn.on('close', () => finish(closed.done ? undefined : new Error('connection reset by the guest')));
  return {
    write: (bytes) => {
      if (!weEnded && !closed.done) conn.write(bytes);
    },
    end: () => {
      if (weEnded || closed.done) return;
      weEnded = true;
      conn.close();
      if (ended.done) finish();
    },
    close: () => {
      if (closed.done) return;
      if (!weEnded) conn.close();
      weEnded = true;
      finish();
    },
    onData: (l) => data.on(l),
    onEnd: (l) => ended.on(l),
    onClose: (l) => closed.on(l),
  };
}
