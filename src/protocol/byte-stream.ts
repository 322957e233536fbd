/**
 * A duplex byte stream: the one shape every transport in Wharf is reduced to.
 *
 * A guest TCP connection (v86 "tcp-connection"), a channel of the guest link (a process's stdio, a guest unix socket,
 * a guest TCP port) and a Node `net.Socket` in tests all look like this, so protocol code (HTTP, SPDY, the Docker API
 * client, the registry) is written once and tested in plain Node.
 */
export interface ByteStream {
  /** Queue bytes for the peer. Never throws on a closed stream: writes after close are dropped. */
  write(data: Uint8Array): void;
  /** Half-close: the peer sees end-of-stream; we may still receive. */
  end(): void;
  /** Tear the stream down in both directions. */
  close(): void;
  /** Bytes from the peer, in order. */
  onData(listener: (data: Uint8Array) => void): Disposable;
  /** The peer finished sending (half-close) or the stream closed. Fires at most once. */
  onEnd(listener: () => void): Disposable;
  /** The stream is fully closed (both directions, or torn down). Fires at most once. */
  onClose(listener: (error?: Error) => void): Disposable;
}

/** Something to call to stop listening. Deliberately tiny so it works in a worker, Node and the page. */
export interface Disposable {
  dispose(): void;
}

/** A server side: gets every new inbound connection (e.g. guest-initiated TCP to one host port). */
export type ConnectionHandler = (stream: ByteStream) => void;
