import type { ByteStream, Disposable } from '../../protocol/byte-stream.js';

/** The server's end of a connection as a test drives it (see scriptedServer). */
export interface ScriptedServer {
  /** The client's side of the connection. */
  stream: ByteStream;
  /** Deliver bytes to the client at once. */
  send(data: Uint8Array): void;
  /** Whether the client closed the connection. */
  closed(): boolean;
  /** What the client wrote, each write decoded as UTF-8. */
  written: string[];
}

/**
 * A connection whose server side a client test drives packet by packet: `send` delivers bytes synchronously (no
 * transport in between, no coalescing of writes), so a test can hand over a response in as many packets as it likes
 * and time only the client's work.
 */
export function scriptedServer(): ScriptedServer {
  const data = new Set<(d: Uint8Array) => void>();
  const ends = new Set<() => void>();
  const listen = <T>(set: Set<T>, l: T): Disposable => (set.add(l), { dispose: () => void set.delete(l) });
  let closed = false;
  const written: string[] = [];
  return {
    stream: {
      write: (d) => void written.push(new TextDecoder().decode(d)),
      end: () => {},
      close: () => {
        closed = true;
        for (const l of [...ends]) l();
      },
      onData: (l) => listen(data, l),
      onEnd: (l) => listen(ends, l),
      onClose: (l) => listen(ends, () => l(undefined)),
    },
    send: (d) => {
      for (const l of [...data]) l(d);
    },
    closed: () => closed,
    written,
  };
}
