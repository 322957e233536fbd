import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ByteStream } from '../../protocol/byte-stream.js';
import { fromUtf8, utf8 } from './bytes.js';
import { ChunkedDecoder } from './chunked-decoder.js';
import { httpRequest } from './http-client.js';
import { scriptedServer } from '../../http/testing/scripted-server.js';

/** A real TCP socket as a ByteStream: the client is exercised over a real connection, split as the kernel splits it. */
function socketStream(socket: Socket): ByteStream {
  return {
    write: (d) => void socket.write(d),
    end: () => void socket.end(),
    close: () => void socket.destroy(),
    onData: (l) => (socket.on('data', l), { dispose: () => void socket.off('data', l) }),
    onEnd: (l) => (socket.once('end', l), { dispose: () => void socket.off('end', l) }),
    onClose: (l) => {
      const h = () => l();
      socket.once('close', h);
      return { dispose: () => void socket.off('close', h) };
    },
  };
}

let server: Server | undefined;
afterEach(() => server?.close());

/** A server that answers every connection with `reply` (written in pieces) after reading the request head. */
async function serve(reply: (request: string, socket: Socket) => void): Promise<() => Promise<ByteStream>> {
  server = createServer((socket) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString('latin1');
      if (!text.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      reply(text, socket);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return async () => {
    const socket = netConnect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    return socketStream(socket);
  };
}

describe('httpRequest', () => {
  it('reads a Content-Length body and sends JSON bodies with their length', async () => {
    let seen = '';
    const connect = await serve((req, s) => {
      seen = req;
      s.end('HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{"Id":"abc1"}');
    });
    const res = await httpRequest(connect, { method: 'POST', path: '/v1.41/containers/create', body: { Image: 'x' } });
    expect(res.status).toBe(201);
    expect(await res.body.text()).toBe('{"Id":"abc1"}');
    expect(seen).toMatch(/^POST \/v1.41\/containers\/create HTTP\/1.1\r\n/);
    expect(seen).toContain('Content-Length: 13\r\n');
  });

  it('decodes a chunked body written in small pieces', async () => {
    const connect = await serve((_req, s) => {
      s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
      setTimeout(() => s.write('6\r\nline1\n\r\n'), 5);
      setTimeout(() => s.end('6\r\nline2\n\r\n0\r\n\r\n'), 10);
    });
    const res = await httpRequest(connect, { method: 'GET', path: '/logs' });
    expect(await res.body.text()).toBe('line1\nline2\n');
  });

  it('hands over the raw connection after 101, including bytes sent with the head', async () => {
    const connect = await serve((_req, s) => {
      s.write('HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nhello');
      s.once('data', (d) => s.end(`echo:${d.toString()}`));
    });
    const res = await httpRequest(connect, { method: 'POST', path: '/exec/1/start', body: {}, hijack: true });
    expect(res.status).toBe(101);
    const chunks: string[] = [];
    res.stream!.onData((d) => chunks.push(fromUtf8(d)));
    res.stream!.write(utf8('ping'));
    await new Promise<void>((r) => res.stream!.onEnd(r));
    expect(chunks.join('')).toBe('helloecho:ping');
  });

  it('gives up on a server that never answers when a head timeout is set', async () => {
    const connect = await serve(() => {});
    await expect(httpRequest(connect, { method: 'GET', path: '/_ping', headTimeoutMs: 50 })).rejects.toThrow(
      'no response to GET /_ping within 50 ms',
    );
  });

  it('fails clearly when the server hangs up before answering', async () => {
    const connect = await serve((_req, s) => s.end());
    await expect(httpRequest(connect, { method: 'GET', path: '/_ping' })).rejects.toThrow(
      /before the HTTP response head/,
    );
  });
});

describe('httpRequest against a hostile or huge answer', () => {
  it('reads a 60 KiB head sent byte by byte in linear time', async () => {
    const conn = scriptedServer();
    const pending = httpRequest(async () => conn.stream, { method: 'GET', path: '/info' });
    await new Promise((r) => setTimeout(r, 0));
    const padding = Array.from({ length: 600 }, (_, i) => `X-Pad-${i}: ${'p'.repeat(88)}\r\n`).join('');
    const head = utf8(`HTTP/1.1 200 OK\r\nContent-Length: 2\r\n${padding}\r\nok`);
    const started = performance.now();
    for (let i = 0; i < head.length; i++) conn.send(head.subarray(i, i + 1));
    const res = await pending;
    expect(performance.now() - started).toBeLessThan(1000); // concatenating per packet: 2.4 s
    expect(res.headers.get('x-pad-599')).toBe('p'.repeat(88));
    expect(await res.body.text()).toBe('ok');
  });

  it('refuses a head over 64 KiB and closes the connection', async () => {
    const conn = scriptedServer();
    const pending = httpRequest(async () => conn.stream, { method: 'GET', path: '/info' });
    await new Promise((r) => setTimeout(r, 0));
    conn.send(utf8(`HTTP/1.1 200 OK\r\nX-Big: ${'h'.repeat(70 * 1024)}`));
    await expect(pending).rejects.toThrow('response head larger than 65536 bytes');
    expect(conn.closed()).toBe(true);
  });

  it('refuses a body read whole past its limit, naming the request and the limit, and drops the connection', async () => {
    const conn = scriptedServer();
    const pending = httpRequest(async () => conn.stream, { method: 'GET', path: '/v1.41/containers/json' });
    await new Promise((r) => setTimeout(r, 0));
    conn.send(utf8('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'));
    const res = await pending;
    const reading = res.body.text(4096);
    for (let i = 0; i < 5 && !conn.closed(); i++) conn.send(utf8(`400\r\n${'x'.repeat(1024)}\r\n`));
    await expect(reading).rejects.toThrow(
      'GET /v1.41/containers/json: response body larger than 4 KiB (4096 bytes), the most Wharf holds of one response',
    );
    expect(conn.closed()).toBe(true);
  });

  it('streams a body larger than the limit to a listener (docker logs -f)', async () => {
    const conn = scriptedServer();
    const pending = httpRequest(async () => conn.stream, { method: 'GET', path: '/logs?follow=1' });
    await new Promise((r) => setTimeout(r, 0));
    conn.send(utf8('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'));
    const res = await pending;
    let received = 0;
    res.body.onData((d) => (received += d.length));
    const chunk = utf8(`100000\r\n${'x'.repeat(0x100000)}\r\n`);
    for (let i = 0; i < 20; i++) conn.send(chunk);
    expect(received).toBe(20 * 0x100000);
    expect(conn.closed()).toBe(false);
  });
});

describe('ChunkedDecoder against a size line without end', () => {
  it('refuses a size line over 4 KiB instead of holding it', () => {
    const d = new ChunkedDecoder();
    expect(() => d.push(utf8('1'.repeat(4096)))).not.toThrow();
    expect(() => d.push(utf8('1'))).toThrow('chunk size line longer than 4096 bytes');
  });
});
