import { describe, expect, it } from 'vitest';
import { HttpClientConnection, httpRequest } from './client.js';
import { HttpParseError } from './head-parser.js';
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
