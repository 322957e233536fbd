import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ByteStream } from '../protocol/byte-stream.js';
import { HttpClientConnection, httpRequest } from './client.js';
import { HttpParseError } from './head-parser.js';
import { byteStreamFromSocket } from './node-byte-stream.js';
import { MAX_RESPONSE_BODY_BYTES } from './response-limits.js';
import { scriptedServer, type ScriptedServer } from './testing/scripted-server.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Deliver `data` in packets of `size` bytes. */
function sendInPackets(server: ScriptedServer, data: Uint8Array, size: number): void {
  for (let at = 0; at < data.length; at += size) server.send(data.subarray(at, at + size));
}

describe('HTTP client over a ByteStream', () => {
  it('reads a response arriving in many small packets in linear time (a 60 KiB head byte by byte, 16 MB of body)', async () => {
    const server = scriptedServer();
    const pending = httpRequest(server.stream, { method: 'GET', path: '/big' });
    await Promise.resolve();
    const padding = Array.from({ length: 600 }, (_, i) => `X-Pad-${i}: ${'p'.repeat(88)}\r\n`).join('');
    const body = new Uint8Array(16 * 1024 * 1024 - 1).fill(97);
    const started = performance.now();
    sendInPackets(server, bytes(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${padding}\r\n`), 1);
    const res = await pending;
    const reading = res.bytes();
    sendInPackets(server, body, 1024);
    const received = await reading;
    const elapsed = performance.now() - started;
    expect(received.length).toBe(body.length);
    expect(res.headers.get('x-pad-599')).toBe('p'.repeat(88));
    // Copying and searching the whole buffer per packet took 3.2 s here (0.4 s now), most of it for the head.
    expect(elapsed).toBeLessThan(2000);
  });

  it('refuses a body read whole past the limit, naming the request and the limit, and closes the connection', async () => {
    const server = scriptedServer();
    const pending = httpRequest(server.stream, { method: 'GET', path: '/containers/json' });
    await Promise.resolve();
    server.send(bytes(`HTTP/1.1 200 OK\r\nContent-Length: ${MAX_RESPONSE_BODY_BYTES + 1}\r\n\r\n`));
    const res = await pending;
    const reading = res.text();
    const packet = new Uint8Array(64 * 1024);
    for (let sent = 0; sent <= MAX_RESPONSE_BODY_BYTES && !server.closed(); sent += packet.length) server.send(packet);
    const error = await reading.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpParseError);
    expect((error as HttpParseError).status).toBe(413);
    expect((error as Error).message).toBe(
      'GET /containers/json: response body larger than 16 MiB (16777216 bytes), the most Wharf holds of one response',
    );
    expect(server.closed()).toBe(true);
  });

  it('streams a body of any size to a reader that keeps up, but fails one left unread past the limit', async () => {
    const server = scriptedServer();
    const conn = new HttpClientConnection(server.stream, { maxBodyBytes: 4096 });
    const pending = conn.request({ method: 'GET', path: '/logs?follow=1' });
    await Promise.resolve();
    server.send(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'));
    const res = await pending;
    const reader = res.body[Symbol.asyncIterator]();
    let read = 0;
    for (let i = 0; i < 100; i++) {
      server.send(bytes(`400\r\n${'x'.repeat(1024)}\r\n`));
      read += (await reader.next()).value?.length ?? 0;
    }
    expect(read).toBe(100 * 1024); // 25 times the limit, read as it came
    for (let i = 0; i < 5; i++) server.send(bytes(`400\r\n${'y'.repeat(1024)}\r\n`)); // nobody reads these
    await expect(reader.next()).rejects.toThrow('GET /logs?follow=1: response body larger than 4 KiB (4096 bytes)');
    expect(server.closed()).toBe(true);
  });

  it('refuses a response head over 64 KiB with a 431 error and closes the connection', async () => {
    const server = scriptedServer();
    const pending = httpRequest(server.stream, { method: 'GET', path: '/' });
    await Promise.resolve();
    server.send(bytes(`HTTP/1.1 200 OK\r\nX-Big: ${'h'.repeat(70 * 1024)}`));
    const error = await pending.catch((e: unknown) => e);
    expect((error as HttpParseError).status).toBe(431);
    expect((error as Error).message).toBe('response head larger than 65536 bytes');
    expect(server.closed()).toBe(true);
  });

  it('closes a connection on which the server sends more than a head while no request waits for an answer', async () => {
    const server = scriptedServer();
    const conn = new HttpClientConnection(server.stream);
    const pending = conn.request({ method: 'GET', path: '/a' });
    await Promise.resolve();
    server.send(bytes('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    expect(await (await pending).text()).toBe('ok');
    await Promise.resolve();
    sendInPackets(server, new Uint8Array(1024 * 1024).fill(122), 1024);
    expect(server.closed()).toBe(true);
    await expect(conn.request({ method: 'GET', path: '/b' })).rejects.toThrow('connection closed before the response');
  });

  it('keeps reading responses one after another on a keep-alive connection', async () => {
    const server = scriptedServer();
    const conn = new HttpClientConnection(server.stream);
    for (const word of ['one', 'two', 'three']) {
      const pending = conn.request({ method: 'GET', path: `/${word}` });
      await new Promise((r) => setTimeout(r, 0));
      sendInPackets(server, bytes(`HTTP/1.1 200 OK\r\nContent-Length: ${word.length}\r\n\r\n${word}`), 3);
      expect(await (await pending).text()).toBe(word);
    }
    expect(server.written.map((w) => w.split('\r\n')[0])).toEqual([
      'GET /one HTTP/1.1',
      'GET /two HTTP/1.1',
      'GET /three HTTP/1.1',
    ]);
  });
});

let tcpServer: Server | undefined;
afterEach(() => tcpServer?.close());

/**
 * A real TCP server that answers every connection with `reply` (written in pieces) after reading the request head,
 * so the client is exercised over a real connection, split as the kernel splits it.
 */
async function serve(reply: (request: string, socket: Socket) => void): Promise<() => Promise<ByteStream>> {
  tcpServer = createServer((socket) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString('latin1');
      if (!text.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      reply(text, socket);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((r) => tcpServer!.listen(0, '127.0.0.1', r));
  const { port } = tcpServer.address() as { port: number };
  return async () => {
    const socket = netConnect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    return byteStreamFromSocket(socket);
  };
}

describe('HTTP client over a real TCP connection', () => {
  it('sends a body with its length and reads a Content-Length answer', async () => {
    let seen = '';
    const connect = await serve((req, s) => {
      seen = req;
      s.end('HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{"Id":"abc1"}');
    });
    const res = await httpRequest(await connect(), { method: 'POST', path: '/v1.41/containers/create', body: '{}' });
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('{"Id":"abc1"}');
    expect(seen).toMatch(/^POST \/v1.41\/containers\/create HTTP\/1.1\r\n/);
    expect(seen).toContain('Content-Length: 2\r\n');
  });

  it('decodes a chunked body written in small pieces', async () => {
    const connect = await serve((_req, s) => {
      s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
      setTimeout(() => s.write('6\r\nline1\n\r\n'), 5);
      setTimeout(() => s.end('6\r\nline2\n\r\n0\r\n\r\n'), 10);
    });
    const res = await httpRequest(await connect(), { method: 'GET', path: '/logs' });
    expect(await res.body.text()).toBe('line1\nline2\n');
  });

  it('hands over the raw connection after 101, including bytes sent with the head', async () => {
    const connect = await serve((_req, s) => {
      s.write('HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nhello');
      s.once('data', (d) => s.end(`echo:${d.toString()}`));
    });
    const res = await httpRequest(await connect(), {
      method: 'POST',
      path: '/exec/1/start',
      headers: { Connection: 'Upgrade', Upgrade: 'tcp' },
      body: '{}',
    });
    expect(res.status).toBe(101);
    const chunks: string[] = [];
    res.upgraded!.onData((d) => chunks.push(new TextDecoder().decode(d)));
    res.upgraded!.write(bytes('ping'));
    await new Promise<void>((r) => res.upgraded!.onEnd(r));
    expect(chunks.join('')).toBe('helloecho:ping');
  });

  it('gives up on a server that never answers when a head timeout is set', async () => {
    const connect = await serve(() => {});
    await expect(httpRequest(await connect(), { method: 'GET', path: '/_ping', headTimeoutMs: 50 })).rejects.toThrow(
      'no response to GET /_ping within 50 ms',
    );
  });

  it('fails clearly when the server hangs up before answering', async () => {
    const connect = await serve((_req, s) => s.end());
    await expect(httpRequest(await connect(), { method: 'GET', path: '/_ping' })).rejects.toThrow(
      'connection closed before the response head',
    );
  });
});

describe('HTTP client: upgrades, one-shot requests and bodies read by listening', () => {
  it("hands over the connection after a 2xx to a request that asked for it (dockerd's attach hijack)", async () => {
    const server = scriptedServer();
    const pending = httpRequest(server.stream, {
      method: 'POST',
      path: '/containers/c1/attach?stream=1',
      headers: { Connection: 'Upgrade', Upgrade: 'tcp' },
      body: '',
    });
    await Promise.resolve();
    server.send(bytes('HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\nfirst'));
    const res = await pending;
    server.send(bytes('second'));
    const seen: string[] = [];
    res.upgraded!.onData((d) => seen.push(new TextDecoder().decode(d)));
    expect(seen).toEqual(['first', 'second']);
    expect(server.closed()).toBe(false);
  });

  it('reads the body of a 2xx to a request that did not ask for an upgrade', async () => {
    const server = scriptedServer();
    const pending = httpRequest(server.stream, { method: 'GET', path: '/' });
    await Promise.resolve();
    server.send(bytes('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    const res = await pending;
    expect(res.upgraded).toBeUndefined();
    expect(await res.text()).toBe('ok');
  });

  it('closes a one-shot connection once its body has ended', async () => {
    const server = scriptedServer();
    const pending = httpRequest(server.stream, { method: 'GET', path: '/containers/json' });
    await Promise.resolve();
    expect(server.written[0]).toContain('Connection: close\r\n');
    server.send(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n[]\r\n'));
    const res = await pending;
    expect(server.closed()).toBe(false);
    server.send(bytes('0\r\n\r\n'));
    expect(server.closed()).toBe(true);
    expect(await res.text()).toBe('[]');
  });

  it('refuses a body read whole past a limit the caller asks for (a probe), naming the request, and drops the connection', async () => {
    const server = scriptedServer();
    const pending = httpRequest(server.stream, { method: 'GET', path: '/v1.41/containers/json' });
    await Promise.resolve();
    server.send(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'));
    const res = await pending;
    const reading = res.body.text(4096);
    for (let i = 0; i < 5 && !server.closed(); i++) server.send(bytes(`400\r\n${'x'.repeat(1024)}\r\n`));
    await expect(reading).rejects.toThrow(
      'GET /v1.41/containers/json: response body larger than 4 KiB (4096 bytes), the most Wharf holds of one response',
    );
    expect(server.closed()).toBe(true);
  });

  it('streams a body of any size to a listener (docker logs -f), the chunks before it first', async () => {
    const server = scriptedServer();
    const conn = new HttpClientConnection(server.stream, { maxBodyBytes: 4096 });
    const pending = conn.request({ method: 'GET', path: '/logs?follow=1' });
    await Promise.resolve();
    server.send(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nearly\r\n'));
    const res = await pending;
    const chunk = bytes(`400\r\n${'x'.repeat(1024)}\r\n`);
    server.send(chunk);
    let received = 0;
    const first: string[] = [];
    res.body.onData((d) => {
      if (first.length < 1) first.push(new TextDecoder().decode(d));
      received += d.length;
    });
    for (let i = 0; i < 99; i++) server.send(chunk); // 25 times the limit, none of it held
    expect(first).toEqual(['early']);
    expect(received).toBe(5 + 100 * 1024);
    expect(server.closed()).toBe(false);
    const ended = new Promise<Error | undefined>((r) => res.body.onEnd(r));
    res.body.close();
    expect(await ended).toBeUndefined();
    expect(server.closed()).toBe(true);
  });

  it('fails a malformed body and closes the connection (the next response could not be found)', async () => {
    const server = scriptedServer();
    const pending = httpRequest(server.stream, { method: 'GET', path: '/events' });
    await Promise.resolve();
    server.send(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'));
    const res = await pending;
    const ended = new Promise<Error | undefined>((r) => res.body.onEnd(r));
    server.send(bytes('zz\r\n'));
    expect((await ended)?.message).toBe('invalid chunk size "zz"');
    expect(server.closed()).toBe(true);
  });

  it('fails a request waiting for its head with the reason the transport gives for closing', async () => {
    const server = scriptedServer();
    const reason = new Error('the VM was stopped');
    const stream = { ...server.stream, onEnd: () => ({ dispose() {} }) };
    const closes: ((error?: Error) => void)[] = [];
    stream.onClose = (l) => (closes.push(l), { dispose() {} });
    const pending = httpRequest(stream, { method: 'GET', path: '/info' });
    await Promise.resolve();
    for (const close of closes) close(reason);
    await expect(pending).rejects.toBe(reason);
  });
});
