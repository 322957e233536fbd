/**
 * The cluster's object store: what etcd is to a real API server, in memory.
 *
 * API (for the API layer, controllers and the kubelet):
 * - `register({resource, namespaced, generation})` once per resource (`pods`, `deployments.apps`, ...).
 * - `get(resource, namespace, name)`, `list(resource, {namespace, labels, fields})` read frozen snapshots (no copies;
 *   `thaw()` one to edit). Lists are sorted by namespace then name, like etcd's key order.
 * - `create(resource, obj)` sets `uid`, `creationTimestamp`, `resourceVersion` and (for generation resources)
 *   `generation: 1`; `AlreadyExists` on a clash.
 * - `update(resource, obj)`: if `obj.metadata.resourceVersion` is set it must equal the stored one (`Conflict`
 *   otherwise). `uid`, `creationTimestamp`, `namespace`, `deletionTimestamp` are kept from the stored object;
 *   `generation` is bumped when anything outside `metadata` and `status` changed. An unchanged object is not
 *   rewritten (no new resourceVersion, no event), like etcd's guaranteed-update. An update that removes the last
 *   finalizer of an object being deleted (without grace period) removes it.
 * - `delete(resource, ns, name, {uid, resourceVersion, gracePeriodSeconds})`: with finalizers, or a grace period > 0,
 *   the object only gets `deletionTimestamp` (+ `deletionGracePeriodSeconds`); otherwise it is removed.
 * - `watch(resource, {namespace, resourceVersion, labels, fields}, listener)`: without a resourceVersion (or "0"),
 *   ADDED for every current match first; with one, every later change is replayed (`Expired` 410 if it is older than
 *   the kept history). Events are delivered asynchronously, in order. An object leaving a filtered watch's selector
 *   arrives as DELETED, one entering it as ADDED, like the watch cache.
 * - `byOwner(uid)`: dependents (for the garbage collector). `resourceVersion` is the one global counter.
 *
 * Metadata rules that are API policy (defaults, validation, name generation, status-vs-spec updates, propagation)
 * live in the API layer's registry, not here.
 */
import type { Disposable } from '../../protocol/byte-stream.js';
import { rfc3339 } from '../clock.js';
import { alreadyExists, conflict, notFound, StoreError } from './errors.js';
import { deepFreeze, jsonEqual } from './freeze.js';
import { matchFields, matchLabels, type FieldRequirement, type LabelRequirements } from './selectors.js';
import type { KubeObject } from '../objects/index.js';
import type { ResourceConfig, StoreEvent, StoredObject } from './types.js';
import { randomUuid } from './uid.js';
import { WatchHub, type WatchListener } from './watch-hub.js';

export interface StoreOptions {
  /** Milliseconds since the epoch (the control plane's clock). @default Date.now */
  now?: () => number;
  /** UID source. @default crypto.randomUUID */
  uid?: () => string;
  /** Change events kept for watches that resume from an older resourceVersion. @default 5000 */
  historyLimit?: number;
}

export interface ListFilter {
  /** Only this namespace (namespaced resources); all namespaces when absent. */
  namespace?: string;
  labels?: LabelRequirements;
  fields?: readonly FieldRequirement[];
}

export interface WatchOptions extends ListFilter {
  /** Replay changes after this version; absent or "0": start with ADDED for the current state. */
  resourceVersion?: string;
}

export interface StoreDeleteOptions {
  /** Precondition: only delete this incarnation. */
  uid?: string;
  /** Precondition: only delete this version. */
  resourceVersion?: string;
  /** > 0: mark for graceful deletion (the kubelet finishes it); 0 or absent: remove now (unless finalizers). */
  gracePeriodSeconds?: number;
  /** Only stamp deletionTimestamp; the caller finishes later (namespace finalization). */
  markOnly?: boolean;
}

interface ResourceState {
  config: ResourceConfig;
  /** `namespace/name` (or `name`) -> object. */
  objects: Map<string, StoredObject>;
  /** Sorted keys, rebuilt lazily after creates/deletes. */
  sortedKeys: string[] | undefined;
  byNamespace: Map<string, Set<string>>;
  /** `label=value` -> keys, to narrow equality selectors without a scan. */
  byLabel: Map<string, Set<string>>;
}

const keyOf = (namespace: string | undefined, name: string): string => (namespace ? `${namespace}/${name}` : name);

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

/** The object without metadata and status: what counts as a spec change for `generation`. */
function specPart(obj: KubeObject | StoredObject): Record<string, unknown> {
  const { metadata: _m, status: _s, ...rest } = obj as Record<string, unknown>;
  return rest;
}

export class ObjectStore {
  private rv = 0;
  private readonly resources = new Map<string, ResourceState>();
  /** owner uid -> `resource|key` of dependents. */
  private readonly owners = new Map<string, Set<string>>();
  private readonly hub: WatchHub;
  private readonly now: () => number;
  private readonly newUid: () => string;

  constructor(options: StoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.newUid = options.uid ?? randomUuid;
    this.hub = new WatchHub(options.historyLimit ?? 5000);
  }

  /** The current global resourceVersion (a decimal string, as the API shows it). */
  get resourceVersion(): string {
    return String(this.rv);
  }

  register(config: ResourceConfig): void {
    if (this.resources.has(config.resource)) return;
    this.resources.set(config.resource, {
      config,
      objects: new Map(),
      sortedKeys: undefined,
      byNamespace: new Map(),
      byLabel: new Map(),
    });
  }

  registered(): readonly ResourceConfig[] {
    return [...this.resources.values()].map((r) => r.config);
  }

  config(resource: string): ResourceConfig {
    return this.state(resource).config;
  }

  private state(resource: string): ResourceState {
    const s = this.resources.get(resource);
    if (!s) throw new StoreError('NotFound', `the server could not find the requested resource (${resource})`);
    return s;
  }

  get(resource: string, namespace: string | undefined, name: string): StoredObject | undefined {
    const s = this.state(resource);
    return s.objects.get(keyOf(s.config.namespaced ? namespace : undefined, name));
  }

  /** Like get, but NotFound when absent. */
  mustGet(resource: string, namespace: string | undefined, name: string): StoredObject {
    const obj = this.get(resource, namespace, name);
    if (!obj) throw notFound(resource, name);
    return obj;
  }

  list(resource: string, filter: ListFilter = {}): { items: StoredObject[]; resourceVersion: string } {
    const s = this.state(resource);
    const candidates = this.candidates(s, filter);
    const items: StoredObject[] = [];
    for (const key of candidates) {
      const obj = s.objects.get(key)!;
      if (this.matches(obj, filter)) items.push(obj);
    }
    return { items, resourceVersion: this.resourceVersion };
  }

  /** Keys worth checking, sorted: narrowed by namespace or by the rarest equality label. */
  private candidates(s: ResourceState, filter: ListFilter): string[] {
    let best: Set<string> | undefined;
    if (filter.namespace !== undefined && s.config.namespaced) best = s.byNamespace.get(filter.namespace) ?? new Set();
    for (const r of filter.labels ?? []) {
      if (r.op !== 'in' || r.values.length !== 1) continue;
      const set = s.byLabel.get(`${r.key}=${r.values[0]}`) ?? new Set<string>();
      if (!best || set.size < best.size) best = set;
    }
    if (!s.sortedKeys) s.sortedKeys = [...s.objects.keys()].sort();
    if (!best) return s.sortedKeys;
    if (best.size === s.objects.size) return s.sortedKeys;
    return [...best].sort();
  }

  private matches(obj: StoredObject, filter: ListFilter): boolean {
    if (
      filter.namespace !== undefined &&
      obj.metadata.namespace !== undefined &&
      obj.metadata.namespace !== filter.namespace
    )
      return false;
    if (filter.labels?.length && !matchLabels(filter.labels, obj.metadata.labels)) return false;
    if (filter.fields?.length && !matchFields(filter.fields, obj)) return false;
    return true;
  }

  /** Dependents of an owner uid across all resources, as [resource, object]. */
  byOwner(uid: string): [string, StoredObject][] {
    const out: [string, StoredObject][] = [];
    for (const ref of this.owners.get(uid) ?? []) {
      const bar = ref.indexOf('|');
      const resource = ref.slice(0, bar);
      const obj = this.resources.get(resource)?.objects.get(ref.slice(bar + 1));
      if (obj) out.push([resource, obj]);
    }
    return out;
  }

  create(resource: string, input: KubeObject): StoredObject {
    const s = this.state(resource);
    const name = input.metadata?.name;
    if (!name) throw new StoreError('Invalid', 'metadata.name: Required value: name or generateName is required');
    const namespace = s.config.namespaced ? input.metadata.namespace : undefined;
    if (s.config.namespaced && !namespace)
      throw new StoreError('BadRequest', 'the namespace of the object is required');
    const key = keyOf(namespace, name);
    if (s.objects.has(key)) throw alreadyExists(resource, name);
    const metadata = { ...input.metadata, resourceVersion: String(this.rv + 1) };
    if (!s.config.namespaced) delete metadata.namespace;
    metadata.uid ??= this.newUid();
    metadata.creationTimestamp ??= rfc3339(this.now());
    if (s.config.generation) metadata.generation = 1;
    else delete metadata.generation;
    const obj = deepFreeze({ ...input, metadata }) as StoredObject;
    this.rv++;
    this.put(resource, s, key, obj, undefined);
    this.hub.publish({ type: 'ADDED', resource, object: obj, rv: this.rv });
    return obj;
  }

  update(resource: string, input: KubeObject): StoredObject {
    const s = this.state(resource);
    const name = input.metadata?.name ?? '';
    const namespace = s.config.namespaced ? input.metadata.namespace : undefined;
    const key = keyOf(namespace, name);
    const old = s.objects.get(key);
    if (!old) throw notFound(resource, name);
    const wantRv = input.metadata.resourceVersion;
    if (wantRv !== undefined && wantRv !== '' && wantRv !== old.metadata.resourceVersion)
      throw conflict(resource, name);
    if (input.metadata.uid && input.metadata.uid !== old.metadata.uid) {
      throw new StoreError(
        'Conflict',
        `Precondition failed: UID in precondition: ${input.metadata.uid}, UID in object meta: ${old.metadata.uid}`,
        { resource, name },
      );
    }
    const metadata = {
      ...input.metadata,
      uid: old.metadata.uid,
      creationTimestamp: old.metadata.creationTimestamp,
      resourceVersion: old.metadata.resourceVersion,
    };
    if (namespace) metadata.namespace = namespace;
    if (old.metadata.deletionTimestamp) {
      metadata.deletionTimestamp = old.metadata.deletionTimestamp;
      if (old.metadata.deletionGracePeriodSeconds !== undefined)
        metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    }
    if (s.config.generation) {
      const g = (old.metadata.generation as number | undefined) ?? 1;
      metadata.generation = jsonEqual(specPart(input), specPart(old)) ? g : g + 1;
    } else delete metadata.generation;
    const candidate = { ...input, metadata };
    if (jsonEqual(candidate, old)) return old;
    // Being deleted and no finalizer left: the update completes the deletion.
    if (
      metadata.deletionTimestamp &&
      old.metadata.finalizers?.length &&
      !metadata.finalizers?.length &&
      !metadata.deletionGracePeriodSeconds
    ) {
      return this.remove(resource, s, key, deepFreeze(candidate) as StoredObject);
    }
    metadata.resourceVersion = String(this.rv + 1);
    const obj = deepFreeze(candidate) as StoredObject;
    this.rv++;
    this.put(resource, s, key, obj, old);
    this.hub.publish({ type: 'MODIFIED', resource, object: obj, previous: old, rv: this.rv });
    return obj;
  }

  /**
   * Read-modify-write without a resourceVersion race: `mutate` gets the current object and returns the new one
   * (or undefined to leave it). Used by the API for PATCH and subresources.
   */
  guaranteedUpdate(
    resource: string,
    namespace: string | undefined,
    name: string,
    mutate: (current: StoredObject) => KubeObject | undefined,
  ): StoredObject {
    const current = this.mustGet(resource, namespace, name);
    const next = mutate(current);
    if (!next) return current;
    return this.update(resource, {
      ...next,
      metadata: { ...next.metadata, resourceVersion: current.metadata.resourceVersion },
    });
  }

  delete(
    resource: string,
    namespace: string | undefined,
    name: string,
    options: StoreDeleteOptions = {},
  ): StoredObject {
    const s = this.state(resource);
    const key = keyOf(s.config.namespaced ? namespace : undefined, name);
    const old = s.objects.get(key);
    if (!old) throw notFound(resource, name);
    if (options.uid && options.uid !== old.metadata.uid) {
      throw new StoreError(
        'Conflict',
        `Precondition failed: UID in precondition: ${options.uid}, UID in object meta: ${old.metadata.uid}`,
        { resource, name },
      );
    }
    if (options.resourceVersion && options.resourceVersion !== old.metadata.resourceVersion) {
      throw new StoreError(
        'Conflict',
        `Precondition failed: ResourceVersion in precondition: ${options.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
        { resource, name },
      );
    }
    const grace = options.gracePeriodSeconds ?? 0;
    const hasFinalizers = (old.metadata.finalizers?.length ?? 0) > 0;
    if (!hasFinalizers && grace <= 0 && !options.markOnly) return this.remove(resource, s, key, old);
    // Already being deleted: only a shorter grace period changes anything (upstream allows shortening, not extending).
    const currentGrace = old.metadata.deletionGracePeriodSeconds ?? 0;
    if (old.metadata.deletionTimestamp && !(grace < currentGrace)) return old;
    const metadata = {
      ...old.metadata,
      deletionTimestamp: rfc3339(this.now() + grace * 1000),
      deletionGracePeriodSeconds: grace > 0 ? grace : 0,
      resourceVersion: String(this.rv + 1),
    };
    const obj = deepFreeze({ ...old, metadata }) as StoredObject;
    this.rv++;
    this.put(resource, s, key, obj, old);
    this.hub.publish({ type: 'MODIFIED', resource, object: obj, previous: old, rv: this.rv });
    return obj;
  }

  private remove(resource: string, s: ResourceState, key: string, last: StoredObject): StoredObject {
    const old = s.objects.get(key)!;
    this.rv++;
    const obj = deepFreeze({
      ...last,
      metadata: { ...last.metadata, resourceVersion: String(this.rv) },
    }) as StoredObject;
    this.unindex(resource, s, key, old);
    s.objects.delete(key);
    s.sortedKeys = undefined;
    this.hub.publish({ type: 'DELETED', resource, object: obj, previous: old, rv: this.rv });
    return obj;
  }

  private put(resource: string, s: ResourceState, key: string, obj: StoredObject, old: StoredObject | undefined): void {
    if (old) this.unindex(resource, s, key, old);
    else s.sortedKeys = undefined;
    s.objects.set(key, obj);
    const ns = obj.metadata.namespace;
    if (ns) addTo(s.byNamespace, ns, key);
    for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) addTo(s.byLabel, `${k}=${v}`, key);
    for (const ref of obj.metadata.ownerReferences ?? []) addTo(this.owners, ref.uid, `${resource}|${key}`);
  }

  private unindex(resource: string, s: ResourceState, key: string, old: StoredObject): void {
    const ns = old.metadata.namespace;
    if (ns) removeFrom(s.byNamespace, ns, key);
    for (const [k, v] of Object.entries(old.metadata.labels ?? {})) removeFrom(s.byLabel, `${k}=${v}`, key);
    for (const ref of old.metadata.ownerReferences ?? []) removeFrom(this.owners, ref.uid, `${resource}|${key}`);
  }

  /**
   * Watch one resource (or every resource with `resource: '*'`; then no replay of current state is possible
   * except from history). Throws `Expired` (410) when `resourceVersion` is older than the kept history.
   */
  watch(resource: string, options: WatchOptions, listener: WatchListener): Disposable {
    const filter = (e: StoreEvent): StoreEvent | undefined => {
      if (resource !== '*' && e.resource !== resource) return undefined;
      const now = this.matches(e.object, options);
      const before = e.previous !== undefined && e.type !== 'ADDED' && this.matches(e.previous, options);
      if (e.type === 'DELETED') return before || now ? e : undefined;
      if (e.type === 'MODIFIED') {
        if (now && before) return e;
        if (now) return { ...e, type: 'ADDED' };
        if (before) return { ...e, type: 'DELETED' };
        return undefined;
      }
      return now ? e : undefined;
    };
    const rv = options.resourceVersion;
    if (rv === undefined || rv === '' || rv === '0') {
      const initial: StoreEvent[] =
        resource === '*'
          ? []
          : this.list(resource, options).items.map((object) => ({ type: 'ADDED', resource, object, rv: this.rv }));
      return this.hub.subscribe(this.rv, initial, filter, listener);
    }
    if (!/^\d+$/.test(rv)) throw new StoreError('BadRequest', `invalid resource version: ${rv}`);
    return this.hub.subscribe(Number(rv), [], filter, listener);
  }
}
