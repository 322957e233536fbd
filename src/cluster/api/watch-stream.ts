/**
 * `?watch=true`: one JSON object per line on a chunked response, headers flushed at once (kubectl get -w, wait,
 * rollout status block on them). Supports resourceVersion replay, selectors, timeoutSeconds, bookmarks and
 * `as=Table` (each event carries a one-row Table; only the first has column definitions).
 */
import type { HttpRequest, ResponseWriter } from '../../http/index.js';
import type { Disposable } from '../../protocol/byte-stream.js';
import type { StoreEvent } from '../store/index.js';
import { badRequest, toApiError } from './errors.js';
import { flag, intParam, wantsTable } from './content.js';
import type { ResourceRegistry } from './resource-registry.js';
import { groupVersion, storeKey, type ResourceDef } from './resource-types.js';
import { toTable } from './table/table.js';

const encoder = new TextEncoder();
const BOOKMARK_EVERY_MS = 60_000;

/**
 * The longest a watch's `timeoutSeconds` is honoured (a day). kube-apiserver takes any value; past a day it makes
 * no difference to a client, and the bound keeps the timer arithmetic exact for values like 1e20.
 */
export const MAX_WATCH_TIMEOUT_SECONDS = 24 * 60 * 60;

export function serveWatch(
  registry: ResourceRegistry,
  def: ResourceDef,
  namespace: string | undefined,
  req: HttpRequest,
  res: ResponseWriter,
): void {
  const filter = registry.filter(def, {
    namespace,
    labelSelector: req.query.get('labelSelector') ?? undefined,
    fieldSelector: req.query.get('fieldSelector') ?? undefined,
  });
  const table = def.columns.length ? wantsTable(req) : undefined;
  const timeoutSeconds = intParam(req, 'timeoutSeconds');
  const bookmarks = flag(req, 'allowWatchBookmarks');
  const resourceVersion = req.query.get('resourceVersion') ?? undefined;
  if (resourceVersion && !/^\d+$/.test(resourceVersion)) {
    throw badRequest(
      `resourceVersion: Invalid value: "${resourceVersion}": strconv.ParseUint: parsing "${resourceVersion}": invalid syntax`,
    );
  }
  let first = true;

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  const send = (type: string, object: unknown): void =>
    res.write(encoder.encode(`${JSON.stringify({ type, object })}\n`));

  const cleanups: (() => void)[] = [];
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    for (const c of cleanups) c();
    res.end();
  };

  const render = (e: StoreEvent): unknown => {
    if (!table) return e.object;
    const t = toTable(def, [e.object], { resourceVersion: e.object.metadata.resourceVersion }, registry.now(), {
      noHeaders: !first,
    });
    if (table === 'v1beta1') (t as { apiVersion: string }).apiVersion = 'meta.k8s.io/v1beta1';
    first = false;
    return t;
  };

  let sub: Disposable;
  try {
    sub = registry.store.watch(storeKey(def), { ...filter, resourceVersion }, (e) => {
      if (!done) send(e.type, render(e));
    });
  } catch (error) {
    // Expired resourceVersion and friends arrive as an ERROR event on a 200 stream, like the watch cache does.
    send('ERROR', toApiError(error).toStatus());
    finish();
    return;
  }
  cleanups.push(() => sub.dispose());
  const closeSub = res.onClose(finish);
  cleanups.push(() => closeSub.dispose());
  if (timeoutSeconds !== undefined && timeoutSeconds >= 0) {
    const seconds = Math.min(timeoutSeconds, MAX_WATCH_TIMEOUT_SECONDS);
    const cancel = registryClock(registry).after(seconds * 1000, finish);
    cleanups.push(cancel);
  }
  if (bookmarks) {
    const tick = (): void => {
      if (done) return;
      send('BOOKMARK', {
        kind: def.kind,
        apiVersion: groupVersion(def),
        metadata: { resourceVersion: registry.store.resourceVersion, creationTimestamp: null },
      });
      cancelBookmark = registryClock(registry).after(BOOKMARK_EVERY_MS, tick);
    };
    let cancelBookmark = registryClock(registry).after(BOOKMARK_EVERY_MS, tick);
    cleanups.push(() => cancelBookmark());
  }
}

function registryClock(registry: ResourceRegistry): ResourceRegistry['clock'] {
  return registry.clock;
}
