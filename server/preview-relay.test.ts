import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { RelayedRequest } from '../src/protocol/preview-relay.js';
import { PreviewRelay } from './preview-relay.js';

const SESSION = 'abcdef0123456789';
let server: Server | undefined;
const open: IncomingMessage[] = [];

afterEach(async () => {
  for (const res of open.splice(0)) res.destroy();
  await new Promise((r) => server?.close(r));
  server = undefined;
});

async function start(): Promise<number> {
  const relay = new PreviewRelay();
  server = createServer((req, res) => {
    res.setHeader('Vary', 'Origin'); // as Vite's own middlewares do before a plugin's
    if (!relay.handle(req, res)) res.writeHead(404).end('app file');
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server!.address() as { port: number }).port;
}

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

function send(
  port: number,
  options: { host: string; path?: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: options.path ?? '/',
        method: options.method ?? 'GET',
        headers: { host: options.host, ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The Wharf page's session: the requests it is handed, and a way to answer them. */
async function openSession(port: number, headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' }) {
  const app = `127.0.0.1:${port}`;
  const requests: RelayedRequest[] = [];
  const res = await new Promise<IncomingMessage>((resolve) =>
    request(
      {
        host: '127.0.0.1',
        port,
        path: `/__wharf/preview/connect?session=${SESSION}`,
        headers: { host: app, ...headers },
      },
      resolve,
    ).end(),
  );
  open.push(res);
  let buffer = '';
  res.setEncoding('utf8');
  res.on('data', (d: string) => {
    buffer += d;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (event.startsWith('data: ')) requests.push(JSON.parse(event.slice(6)) as RelayedRequest);
    }
  });
  const answer = (id: number, head: unknown, body: string, origin = `http://${app}`) =>
    send(port, {
      host: app,
      path: `/__wharf/preview/reply?session=${SESSION}&id=${id}`,
      method: 'POST',
      headers: { origin, 'x-wharf-head': encodeURIComponent(JSON.stringify(head)) },
      body,
    });
  return { status: res.statusCode, requests, answer, appOrigin: `http://${app}` };
}

async function until<T>(fn: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('timed out');
}

const previewHost = (port: number, guestPort = 8080) => `${guestPort}-${SESSION}.preview.localhost:${port}`;

describe('PreviewRelay', () => {
  it("hands a preview request to the session's page and sends back its answer", async () => {
    const port = await start();
    const session = await openSession(port);
    expect(session.status).toBe(200);
    const answered = send(port, {
      host: previewHost(port),
      path: '/form?x=1',
      method: 'POST',
      headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'text/plain' },
      body: 'name=wharf',
    });
    const req = await until(() => session.requests[0]);
    expect(req).toMatchObject({ guestPort: 8080, method: 'POST', path: '/form?x=1' });
    expect(Buffer.from(req.body!, 'base64').toString()).toBe('name=wharf');
    expect(req.headers).toContainEqual(['content-type', 'text/plain']);
    const posted = await session.answer(
      req.id,
      {
        status: 201,
        statusText: 'Created',
        headers: [
          ['Content-Type', 'text/html'],
          ['X-App', 'yes'],
          ['Set-Cookie', 'a=1'],
          ['Set-Cookie', 'b=2'],
          ['Connection', 'close'],
        ],
      },
      '<p>hi</p>',
    );
    expect(posted.status).toBe(204);
    const res = await answered;
    expect(res).toMatchObject({ status: 201, body: '<p>hi</p>' });
    expect(res.headers['x-app']).toBe('yes');
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
  });

  it('refuses requests from other sites, except a navigation from a link on the Wharf page', async () => {
    const port = await start();
    const session = await openSession(port);
    const crossSite = { 'sec-fetch-site': 'cross-site' };
    const image = await send(port, { host: previewHost(port), headers: { ...crossSite, 'sec-fetch-mode': 'no-cors' } });
    expect(image.status).toBe(403);
    const form = await send(port, {
      host: previewHost(port),
      method: 'POST',
      headers: { ...crossSite, 'sec-fetch-mode': 'navigate', referer: 'http://evil.example/' },
      body: 'x',
    });
    expect(form.status).toBe(403);
    // Another preview port is another origin of the same site: it gets no more than other sites.
    const sibling = await send(port, {
      host: previewHost(port, 9090),
      headers: { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'navigate', referer: `http://${previewHost(port)}/` },
    });
    expect(sibling.status).toBe(403);
    expect(session.requests).toHaveLength(0);

    void send(port, {
      host: previewHost(port),
      headers: { ...crossSite, 'sec-fetch-mode': 'navigate', referer: `${session.appOrigin}/` },
    });
    await until(() => session.requests[0]);
  });

  it('takes answers only from the page that opened the session', async () => {
    const port = await start();
    const session = await openSession(port);
    const answered = send(port, { host: previewHost(port), headers: { 'sec-fetch-site': 'none' } });
    const req = await until(() => session.requests[0]);
    const forged = await session.answer(req.id, { status: 200, statusText: 'OK', headers: [] }, 'forged', 'http://x');
    expect(forged.status).toBe(403);
    await session.answer(req.id, { status: 200, statusText: 'OK', headers: [] }, 'real');
    expect((await answered).body).toBe('real');
  });

  it('opens a session only for a page of its own origin, once', async () => {
    const port = await start();
    expect((await openSession(port, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await openSession(port)).status).toBe(200);
    expect((await openSession(port)).status).toBe(409);
  });

  it('says so when the page behind a preview is gone, and never serves the app on a preview host', async () => {
    const port = await start();
    const res = await send(port, { host: previewHost(port), path: '/index.html' });
    expect(res.status).toBe(404);
    expect(res.body).toMatch(/closed or was reloaded/);
  });
});
