// The preview origin. A web app running in the VM is shown at http://<guest port>-<session>.preview.localhost:<port>/
// (browsers resolve every *.localhost name to this machine), an origin of its own: its scripts cannot reach the
// Wharf page's window, IndexedDB or caches, and each guest port is a separate origin too. The VM lives in the
// page, so this server hands each request to that page (the session) over an event stream and sends back what the
// page answers. Only the page that opened the session can answer, and only the learner's own navigation (from
// the Wharf page, or within the preview) gets through: other sites cannot drive requests into the guest.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  HOP_BY_HOP,
  PREVIEW_CONNECT_PATH,
  PREVIEW_DOMAIN,
  PREVIEW_REPLY_PATH,
  SESSION_ID,
  type RelayedHead,
  type RelayedRequest,
} from '../src/protocol/preview-relay.js';

const PREVIEW_HOST = new RegExp(
  `^(\\d{1,5})-([a-z0-9]{8,32})\\.${PREVIEW_DOMAIN.replace(/\./g, '\\.')}(?::\\d{1,5})?$`,
);
/** Request bodies (form posts, uploads) are relayed whole: bounded. */
const MAX_REQUEST_BODY = 16 * 1024 * 1024;
const MAX_REPLY_BODY = 64 * 1024 * 1024;
const ANSWER_TIMEOUT_MS = 60_000;
const HEARTBEAT_MS = 15_000;
/** Seconds before an error page loads itself again (an app that is still starting shows up by itself). */
const RETRY_S = 4;

interface Session {
  /** The Wharf page's origin: the one allowed to answer, and the one whose links may open a preview. */
  appOrigin: string;
  events: ServerResponse;
  waiting: Map<number, ServerResponse>;
}

export class PreviewRelay {
  private readonly sessions = new Map<string, Session>();
  private nextId = 1;

  /** Serve a request if it is the relay's (a preview host, the page's event stream or its answer): true if so. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const preview = PREVIEW_HOST.exec((req.headers.host ?? '').toLowerCase());
    if (preview) {
      this.settle(this.relay(req, res, Number(preview[1]), preview[2]!), res);
      return true;
    }
    const url = new URL(req.url ?? '/', 'http://relay');
    if (url.pathname === PREVIEW_CONNECT_PATH) this.connect(req, res, url);
    else if (url.pathname === PREVIEW_REPLY_PATH) this.settle(this.reply(req, res, url), res);
    else return false;
    return true;
  }

  /** A request that fails half-way (the client went away mid-body) ends that response, never the server. */
  private settle(work: Promise<void>, res: ServerResponse): void {
    work.catch((error: unknown) => plain(res, 400, `bad request (${(error as Error).message})`));
  }

  /** The Wharf page opens its session: an event stream of the requests it is to answer. */
  private connect(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const id = url.searchParams.get('session') ?? '';
    // Only the page itself (same origin) may open a session: a page elsewhere must not take one over.
    if (req.method !== 'GET' || !SESSION_ID.test(id) || !sameOrigin(req))
      return plain(res, 403, 'not a Wharf page of this origin');
    if (this.sessions.has(id)) return plain(res, 409, 'this preview session is already open');
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    res.write(`retry: 2000\n\n`);
    const session: Session = { appOrigin: `http://${req.headers.host}`, events: res, waiting: new Map() };
    this.sessions.set(id, session);
    const heartbeat = setInterval(() => res.write(':\n\n'), HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(heartbeat);
      this.sessions.delete(id);
      for (const waiting of session.waiting.values())
        errorPage(waiting, 503, 'The Wharf page that served this preview was closed or reloaded.');
    });
  }

  /** A request for a preview host: checked, then handed to the session's page. */
  private async relay(req: IncomingMessage, res: ServerResponse, guestPort: number, id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session)
      return plain(
        res,
        404,
        'This preview belongs to a Wharf page that is closed or was reloaded: open it again there.',
      );
    const refusal = crossSiteRefusal(req, session.appOrigin);
    if (refusal) return plain(res, 403, refusal);
    if (guestPort < 1 || guestPort > 65535) return plain(res, 400, 'no such port');
    const body = await readBody(req, MAX_REQUEST_BODY);
    if (body === 'too-large') return plain(res, 413, `request bodies are limited to ${MAX_REQUEST_BODY} bytes`);
    const requestId = this.nextId++;
    const headers: [string, string][] = [];
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined && name !== 'host' && !HOP_BY_HOP.has(name))
        for (const v of Array.isArray(value) ? value : [value]) headers.push([name, v]);
    const relayed: RelayedRequest = {
      id: requestId,
      guestPort,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers,
      body: body.length ? body.toString('base64') : undefined,
    };
    session.waiting.set(requestId, res);
    const timer = setTimeout(() => {
      session.waiting.delete(requestId);
      errorPage(res, 504, `Guest port ${guestPort} did not answer in time.`, RETRY_S);
    }, ANSWER_TIMEOUT_MS);
    res.on('close', () => {
      clearTimeout(timer);
      session.waiting.delete(requestId);
    });
    session.events.write(`data: ${JSON.stringify(relayed)}\n\n`);
  }

  /** The page's answer to one request: the head in a header, the body as the body. */
  private async reply(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const session = this.sessions.get(url.searchParams.get('session') ?? '');
    if (req.method !== 'POST' || !session || req.headers.origin !== session.appOrigin)
      return plain(res, 403, 'not this preview session’s page');
    const waiting = session.waiting.get(Number(url.searchParams.get('id')));
    const head = parseHead(req.headers['x-wharf-head']);
    const body = await readBody(req, MAX_REPLY_BODY);
    if (!waiting) return plain(res, 410, 'that request is gone');
    session.waiting.delete(Number(url.searchParams.get('id')));
    plain(res, 204, '');
    if (!head) return errorPage(waiting, 502, 'The Wharf page sent an answer it could not read.');
    if ('error' in head) return errorPage(waiting, head.error.status, head.error.message, RETRY_S);
    if (body === 'too-large') return errorPage(waiting, 502, `answers are limited to ${MAX_REPLY_BODY} bytes`);
    const out: [string, string][] = head.headers.filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()));
    try {
      // Appended one by one: repeated headers (Set-Cookie) must all arrive, and the server's own middlewares may
      // have set headers before (writeHead's list forms then throw or overwrite).
      for (const [name, value] of out) waiting.appendHeader(name, value);
      waiting.writeHead(head.status, head.statusText);
      waiting.end(body);
    } catch (error) {
      errorPage(waiting, 502, `the guest app's answer is not valid HTTP (${(error as Error).message})`);
    }
  }
}

/**
 * Why a request must not reach the guest, or undefined. Fetch metadata says where it came from: the preview itself
 * (same-origin), the learner (none: the address bar, a reload), or a navigation from a link on the Wharf page
 * (the iframe, "Open in new tab"). Everything else from another site, or another preview port, is refused, so a
 * page elsewhere cannot post forms into or load things from the learner's apps. Clients without fetch metadata
 * (curl) pass.
 */
export function crossSiteRefusal(req: IncomingMessage, appOrigin: string): string | undefined {
  const site = req.headers['sec-fetch-site'];
  if (site === undefined || site === 'same-origin' || site === 'none') return undefined;
  const fromApp = req.headers['sec-fetch-mode'] === 'navigate' && refererOrigin(req) === appOrigin;
  return fromApp ? undefined : 'This preview only answers its own pages and links from Wharf.';
}

function refererOrigin(req: IncomingMessage): string | undefined {
  try {
    return new URL(req.headers.referer ?? '').origin;
  } catch {
    return undefined;
  }
}

function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin';
}

function parseHead(value: string | string[] | undefined): RelayedHead | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const head = JSON.parse(decodeURIComponent(value)) as RelayedHead;
    if ('error' in head)
      return Number.isInteger(head.error.status) && typeof head.error.message === 'string' ? head : undefined;
    const valid =
      Number.isInteger(head.status) &&
      head.status >= 200 &&
      head.status <= 599 &&
      typeof head.statusText === 'string' &&
      Array.isArray(head.headers) &&
      head.headers.every((h) => Array.isArray(h) && typeof h[0] === 'string' && typeof h[1] === 'string');
    return valid ? head : undefined;
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return 'too-large';
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

function plain(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(status === 204 ? undefined : `${text}\n`);
}

/** Plain text (the message may carry guest text, and text/plain cannot run it), loading itself again if asked. */
function errorPage(res: ServerResponse, status: number, message: string, refreshS?: number): void {
  if (res.headersSent) return void res.end();
  const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };
  if (refreshS) headers.Refresh = String(refreshS);
  res.writeHead(status >= 400 && status <= 599 ? status : 502, headers);
  res.end(`${message}\n${refreshS ? `\nTrying again every ${refreshS} s.\n` : ''}`);
}
