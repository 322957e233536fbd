// The wire format between the Wharf server's preview relay (server/preview-relay.ts) and the page that answers for
// the VM (src/ui/preview/preview-relay-client.ts). Previews are served from an origin of their own,
// http://<guest port>-<session>.<PREVIEW_DOMAIN>:<port>/, so nothing they run can reach the page.

/** Every *.localhost name is this machine in browsers, and a secure context like localhost itself. */
/**
 * Headers that describe one HTTP hop, not the message: neither the relay nor the worker passes them on (each hop
 * frames the body itself, and the relay carries a whole body, so its length is set anew).
 */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-connection',
  'content-length',
]);

export const PREVIEW_DOMAIN = 'preview.localhost';
/** The page's event stream of requests to answer (GET, same origin only). */
export const PREVIEW_CONNECT_PATH = '/__wharf/preview/connect';
/** Where the page posts one answer: `?session=&id=`, head in the `X-Wharf-Head` header, body as the body. */
export const PREVIEW_REPLY_PATH = '/__wharf/preview/reply';
/** A session id: lower-case letters and digits (it is part of a host name). */
export const SESSION_ID = /^[a-z0-9]{8,32}$/;

/** One request for a guest port, as the relay hands it to the page. */
export interface RelayedRequest {
  id: number;
  guestPort: number;
  method: string;
  /** Path and query inside the guest app ("/index.html?x=1"). */
  path: string;
  headers: [string, string][];
  /** The body, base64. */
  body?: string;
}

/** The head of the page's answer (JSON, URI-encoded in `X-Wharf-Head`), or why there is none. */
export type RelayedHead =
  { status: number; statusText: string; headers: [string, string][] } | { error: { status: number; message: string } };

/** The preview URL of a guest port, seen from a page at `location`. */
export function previewUrl(location: { protocol: string; port: string }, session: string, guestPort: number): string {
  return `${location.protocol}//${guestPort}-${session}.${PREVIEW_DOMAIN}${location.port ? `:${location.port}` : ''}`;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * A relayed request, checked before it reaches the guest: a method and header names that are HTTP tokens, values
 * without line breaks (no second request smuggled into the guest connection), an absolute path, a port.
 */
export function parseRelayedRequest(value: unknown): RelayedRequest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (!Number.isSafeInteger(r.id) || !Number.isInteger(r.guestPort)) return undefined;
  if ((r.guestPort as number) < 1 || (r.guestPort as number) > 65535) return undefined;
  if (typeof r.method !== 'string' || !TOKEN.test(r.method)) return undefined;
  if (typeof r.path !== 'string' || !r.path.startsWith('/') || !/^[\x21-\x7e]*$/.test(r.path)) return undefined;
  if (!Array.isArray(r.headers)) return undefined;
  for (const h of r.headers as unknown[]) {
    if (!Array.isArray(h) || h.length !== 2) return undefined;
    const [name, v] = h as unknown[];
    if (typeof name !== 'string' || !TOKEN.test(name) || typeof v !== 'string' || !FIELD_VALUE.test(v))
      return undefined;
  }
  if (r.body !== undefined && typeof r.body !== 'string') return undefined;
  return r as unknown as RelayedRequest;
}
