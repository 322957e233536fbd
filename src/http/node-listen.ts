import { createServer, type Server, type Socket } from 'node:net';
import type { ConnectionHandler } from '../protocol/byte-stream.js';
import { byteStreamFromSocket } from './node-byte-stream.js';

/**
 * Serve a ConnectionHandler on a real TCP port (Node only: tests run the real kubectl against it).
 * Port 0 picks a free port; the resolved value has the actual one.
 */
export async function listenTcp(
  handler: ConnectionHandler,
  options: { port?: number; host?: string } = {},
): Promise<{ port: number; server: Server; close(): Promise<void> }> {
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    socket.setNoDelay(true);
    handler(byteStreamFromSocket(socket));
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
