/** Request/response encoding helpers: JSON bodies, Table negotiation, query flags. */
import type { HttpRequest, ResponseWriter } from '../../http/index.js';
import type { ApiError } from './errors.js';
import { badRequest } from './errors.js';
import { MAX_NESTING_DEPTH, nestedDeeperThan, tooDeepMessage } from './nesting-depth.js';

const encoder = new TextEncoder();

export function sendJson(res: ResponseWriter, status: number, body: unknown): void {
  res.send(
    status,
    { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' },
    encoder.encode(JSON.stringify(body)),
  );
}

export function sendError(res: ResponseWriter, error: ApiError): void {
  sendJson(res, error.code, error.toStatus());
}

/** kubectl's `Accept: application/json;as=Table;v=v1;g=meta.k8s.io, ...`. */
export function wantsTable(req: HttpRequest): 'v1' | 'v1beta1' | undefined {
  const accept = req.headers.get('accept') ?? '';
  for (const part of accept.split(',')) {
    const params = new Map(
      part
        .split(';')
        .slice(1)
        .map((p) => p.trim().split('=') as [string, string]),
    );
    if (params.get('as') === 'Table' && params.get('g') === 'meta.k8s.io') {
      const v = params.get('v');
      if (v === 'v1' || v === 'v1beta1') return v;
    }
  }
  return undefined;
}

/** The request's JSON body (at most the server's body limit, 413 beyond it; nesting bounded, 400 beyond it). */
export async function readJson(req: HttpRequest): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === '') throw badRequest('the body of the request was empty');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // Bodies kubectl sends are JSON; YAML posted by other clients is accepted when it is plain JSON-compatible.
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
  if (nestedDeeperThan(value, MAX_NESTING_DEPTH)) throw badRequest(`json parse error: ${tooDeepMessage()}`);
  return value;
}

export function flag(req: HttpRequest, name: string): boolean {
  const v = req.query.get(name);
  return v === 'true' || v === '1' || v === '';
}

export function intParam(req: HttpRequest, name: string): number | undefined {
  const v = req.query.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(`invalid value for ${name}: ${v}`);
  return Number(v);
}
