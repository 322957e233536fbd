/**
 * `limit` / `continue` paging of a list: a page of at most `limit` items, and a continue token (upstream's shape:
 * base64 JSON with the list's resourceVersion and the last key) that resumes after that key.
 */
import type { HttpRequest } from '../../../http/index.js';
import type { StoredObject } from '../../store/index.js';
import { intParam } from '../content.js';
import { badRequest } from '../errors.js';

export interface ListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

interface ContinueToken {
  rv: string;
  start: string;
}

function encodeContinue(t: ContinueToken): string {
  return btoa(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(t.rv), start: t.start }));
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(atob(token)) as { rv: number; start: string };
    if (typeof t.start !== 'string') throw new Error('bad');
    return { rv: String(t.rv), start: t.start };
  } catch {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

const itemKey = (o: StoredObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

/** The page the request asks for out of `all` (sorted by key, as the store lists), listed at `resourceVersion`. */
export function pageOf(
  req: HttpRequest,
  all: StoredObject[],
  resourceVersion: string,
): { items: StoredObject[]; meta: ListMeta } {
  let items = all;
  let rv = resourceVersion;
  const cont = req.query.get('continue');
  if (cont) {
    const t = decodeContinue(cont);
    rv = t.rv;
    items = items.filter((o) => itemKey(o) > t.start);
  }
  const limit = intParam(req, 'limit');
  const meta: ListMeta = { resourceVersion: rv };
  if (limit !== undefined && limit > 0 && items.length > limit) {
    const page = items.slice(0, limit);
    meta.continue = encodeContinue({ rv, start: itemKey(page[page.length - 1]!) });
    meta.remainingItemCount = items.length - limit;
    items = page;
  }
  return { items, meta };
}
