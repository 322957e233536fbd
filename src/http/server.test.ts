import { describe, expect, it } from 'vitest';
import type { ByteStream } from '../protocol/byte-stream.js';
import { HttpClientConnection } from './client.js';
import { listenTcp } from './node-listen.js';
import { createHttpServer, type HttpHandler } from './server.js';
import { createStreamPair } from './stream-pair.js';

const text = (d: Uint8Array): string => new TextDecoder().decode(d);
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Raw bytes the server sends back for raw bytes written to it (until it closes or `until` matches). */
function rawExchange(handler: HttpHandler, input: string[], until?: RegExp): Promise<string> {
  const [client, server] = createStreamPair();
  createHttpServer(handler)(server);
  let out = '';
  return new Promise((resolve) => {
    client.onData((d) => {
      out += text(d);
      if (until?.test(out)) resolve(out);
    });
    client.onEnd(() => resolve(out));
    for (const part of input) client.write(bytes(part));
  });
}

const echo: HttpHandler = async (req, res) => {
  const body = await req.text();
  res.send(200, { 'Content-Type': 'text/plain' }, `${req.method} ${req.path} q=${req.query.get('q') ?? ''} ${body}`);
};

describe('HTTP server over a ByteStream', () => {
  it('answers a request with Content-Length framing and keeps the connection for the next one', async () => {
    const [a, b] = createStreamPair();
    createHttpServer(echo)(b);
    const conn = new HttpClientConnection(a);
    const first = await conn.request({ method: 'POST', path: '/x?q=1', body: 'hello' });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-length')).toBe('17');
    expect(await first.text()).toBe('POST /x q=1 hello');
    const second = await conn.request({ method: 'GET', path: '/y' });
    expect(await second.text()).toBe('GET /y q= ');
  });

  it('answers pipelined requests in order, even when they arrive in one packet split mid-head', async () => {
    const out = await rawExchange(
      echo,
      ['GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nContent-Le', 'ngth: 3\r\n\r\nabcGET /c HTTP/1.1\r\n\r\n'],
      /GET \/c/,
    );
    const bodies = [...out.matchAll(/\r\n\r\n([A-Z]+ \/[a-z])/g)].map((m) => m[1]);
    expect(bodies).toEqual(['GET /a', 'POST /b', 'GET /c']);
    expect(out).toContain('POST /b q= abc');
  });

  it('decodes a chunked request body with extensions and trailers', async () => {
    const out = await rawExchange(
      echo,
      ['PUT /up HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-T: 1\r\n\r\n'],
      /Wikipedia/,
    );
    expect(out).toMatch(/^HTTP\/1.1 200 OK\r\n/);
    expect(out).toContain('PUT /up q=  Wikipedia'.replace('  ', ' '));
  });

  it('streams a chunked response: headers and each write reach the client before the end', async () => {
    const [a, b] = createStreamPair();
    let push!: (s: string) => void;
    let finish!: () => void;
    createHttpServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      push = (s) => res.write(s);
      finish = () => res.end();
    })(b);
    const conn = new HttpClientConnection(a);
    const res = await conn.request({ method: 'GET', path: '/watch' });
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const it = res.body[Symbol.asyncIterator]();
    push('{"type":"ADDED"}\n');
    expect(text((await it.next()).value as Uint8Array)).toBe('{"type":"ADDED"}\n');
    push('{"type":"MODIFIED"}\n');
    expect(text((await it.next()).value as Uint8Array)).toBe('{"type":"MODIFIED"}\n');
    finish();
    expect((await it.next()).done).toBe(true);
  });

  it('hands the raw stream to an upgrade handler, bytes after the head included', async () => {
    const [a, b] = createStreamPair();
    createHttpServer((req, res) => {
      expect(req.headers.get('upgrade')).toBe('SPDY/3.1');
      const raw = res.upgrade({ Upgrade: 'SPDY/3.1' });
      raw.onData((d) => raw.write(bytes(`echo:${text(d)}`)));
    })(b);
    let out = '';
    const got = new Promise<void>((resolve) =>
      a.onData((d) => {
        out += text(d);
        if (out.includes('echo:')) resolve();
      }),
    );
    a.write(bytes('POST /exec HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n\r\nEARLY'));
    await got;
    expect(out).toMatch(/^HTTP\/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY\/3.1\r\n/);
    expect(out.endsWith('echo:EARLY')).toBe(true);
  });

  it('answers 400 and closes on a malformed request line instead of throwing', async () => {
    const out = await rawExchange(() => {}, ['GARBAGE\r\n\r\n']);
    expect(out).toMatch(/^HTTP\/1.1 400 Bad Request\r\n/);
    expect(out).toContain('malformed request line');
  });

  it('answers 500 when the handler throws before sending headers', async () => {
    const out = await rawExchange(
      () => {
        throw new Error('boom');
      },
      ['GET / HTTP/1.1\r\n\r\n'],
      /boom/,
    );
    expect(out).toMatch(/^HTTP\/1.1 500 Internal Server Error/);
  });

  it('closes after the response when the client asked for Connection: close', async () => {
    const out = await rawExchange(echo, ['GET /only HTTP/1.1\r\nConnection: close\r\n\r\n']);
    expect(out).toContain('Connection: close');
    expect(out).toContain('GET /only');
  });

  it('tells the handler when the client goes away (a watch stops)', async () => {
    const [a, b] = createStreamPair();
    const gone = new Promise<void>((resolve) =>
      createHttpServer((_req, res) => {
        res.writeHead(200);
        res.onClose(resolve);
      })(b),
    );
    a.write(bytes('GET /w HTTP/1.1\r\n\r\n'));
    await new Promise((r) => setTimeout(r, 5));
    a.close();
    await gone;
  });

  it('serves real TCP clients through the Node socket adapter (fetch from Node)', async () => {
    const listener = await listenTcp(createHttpServer(echo));
    try {
      const res = await fetch(`http://127.0.0.1:${listener.port}/tcp?q=z`, { method: 'POST', body: 'over tcp' });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('POST /tcp q=z over tcp');
    } finally {
      await listener.close();
    }
  });
});

describe('HTTP client over a ByteStream', () => {
  function server(script: (req: string) => string): ByteStream {
    const [a, b] = createStreamPair();
    let got = '';
    b.onData((d) => {
      got += text(d);
      if (got.includes('\r\n\r\n')) {
        b.write(bytes(script(got)));
        got = '';
      }
    });
    return a;
  }

  it('reads chunked, Content-Length and close-delimited bodies', async () => {
    const chunked = new HttpClientConnection(
      server(() => 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n'),
    );
    expect(await (await chunked.request({ method: 'GET', path: '/' })).text()).toBe('abcde');

    const [a, b] = createStreamPair();
    b.onData(() => {
      b.write(bytes('HTTP/1.0 200 OK\r\n\r\nuntil close'));
      b.end();
    });
    const res = await new HttpClientConnection(a).request({ method: 'GET', path: '/' });
    expect(await res.text()).toBe('until close');
  });

  it('exposes the upgraded stream after 101', async () => {
    const conn = new HttpClientConnection(
      server(() => 'HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nRAW'),
    );
    const res = await conn.request({
      method: 'POST',
      path: '/attach',
      headers: { Connection: 'Upgrade', Upgrade: 'tcp' },
    });
    expect(res.status).toBe(101);
    const first = await new Promise<string>((resolve) => res.upgraded!.onData((d) => resolve(text(d))));
    expect(first).toBe('RAW');
  });
});

describe('HTTP server against hostile clients', () => {
  const collect: HttpHandler = async (req, res) => {
    try {
      const body = await req.body();
      res.send(200, {}, `got ${body.length}`);
    } catch (error) {
      res.send((error as { status?: number }).status ?? 500, {}, String((error as Error).message));
    }
  };

  it('refuses a declared body over the limit at once with 413 and closes the connection', async () => {
    const out = await rawExchange(collect, ['POST /x HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\nabc']);
    expect(out).toMatch(/^HTTP\/1.1 413 Payload Too Large\r\n/);
    expect(out).toContain('Connection: close');
    expect(out).toContain('Request entity too large: limit is 3145728');
  });

  it('refuses a never-ending chunked body once it passes the limit, without holding it', async () => {
    const [client, server] = createStreamPair();
    createHttpServer(collect, { maxBodyBytes: 64 * 1024 })(server);
    let out = '';
    const ended = new Promise<void>((resolve) => client.onEnd(resolve));
    client.onData((d) => (out += text(d)));
    client.write(bytes('PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n'));
    const chunk = bytes(`4000\r\n${'x'.repeat(0x4000)}\r\n`);
    for (let i = 0; i < 64 && !out; i++) {
      client.write(chunk);
      await new Promise((r) => setTimeout(r, 0));
    }
    await ended;
    expect(out).toMatch(/^HTTP\/1.1 413 /);
    expect(out).toContain('Connection: close');
  });

  it('answers 431 for a head over the limit, even one that arrives whole', async () => {
    const huge = `GET / HTTP/1.1\r\nX-Big: ${'a'.repeat(70 * 1024)}\r\n\r\n`;
    expect(await rawExchange(echo, [huge])).toMatch(/^HTTP\/1.1 431 Request Header Fields Too Large\r\n/);
    const trickled: string[] = [];
    for (let at = 0; at < huge.length; at += 4096) trickled.push(huge.slice(at, at + 4096));
    expect(await rawExchange(echo, trickled)).toMatch(/^HTTP\/1.1 431 /);
  });

  it('answers 400 when the client half-closes before its declared body ends', async () => {
    const [client, server] = createStreamPair();
    createHttpServer(collect)(server);
    let out = '';
    const ended = new Promise<void>((resolve) => client.onEnd(resolve));
    client.onData((d) => (out += text(d)));
    client.write(bytes('POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc'));
    client.end();
    await ended;
    expect(out).toMatch(/^HTTP\/1.1 400 Bad Request\r\n/);
    expect(out).toContain('the request body ended before its declared length');
  });

  it('buffers pipelined bytes in linear time and stops reading a client that sends far ahead', async () => {
    let release!: () => void;
    const slow: HttpHandler = async (_req, res) => {
      await new Promise<void>((r) => (release = r));
      res.send(200, {}, 'slow');
    };
    const [client, server] = createStreamPair();
    createHttpServer(slow, { maxBodyBytes: 1024 * 1024 })(server);
    let out = '';
    const ended = new Promise<void>((resolve) => client.onEnd(resolve));
    client.onData((d) => (out += text(d)));
    client.write(bytes('GET /busy HTTP/1.1\r\n\r\n'));
    await new Promise((r) => setTimeout(r, 0));
    // 8 MB in 1 KB packets behind the busy request: copying everything per packet took over a minute.
    const started = performance.now();
    const packet = new Uint8Array(1024).fill(65);
    for (let i = 0; i < 8192; i++) client.write(packet);
    await new Promise((r) => setTimeout(r, 0));
    expect(performance.now() - started).toBeLessThan(2000);
    release();
    await ended;
    expect(out).toMatch(/^HTTP\/1.1 200 OK\r\n/);
    expect(out).toContain('Connection: close');
  });
});
