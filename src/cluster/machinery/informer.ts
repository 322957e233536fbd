import type { StorePort } from './store-port.js';
import type { KubeObject, WatchEvent } from '../objects/index.js';

export type Listener = (event: WatchEvent, old: KubeObject | undefined) => void;

/** `namespace/name` (or `name` for cluster-scoped objects): the key every queue and cache uses, as upstream. */
export function keyOf(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${obj.metadata.name}` : (obj.metadata.name ?? '');
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf('/');
  return slash < 0
    ? { namespace: undefined, name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

function add(index: Map<string, Set<string>>, k: string | undefined, key: string): void {
  if (k === undefined) return;
  let set = index.get(k);
  if (!set) index.set(k, (set = new Set()));
  set.add(key);
}

function remove(index: Map<string, Set<string>>, k: string | undefined, key: string): void {
  if (k === undefined) return;
  const set = index.get(k);
  if (set && set.delete(key) && set.size === 0) index.delete(k);
}

/**
 * A local, indexed copy of one resource kept current by the store's watch (upstream's shared informer + indexer).
 * Controllers read only from here, so a reconcile never scans the store, and lookups by owner UID, by namespace and
 * for controller-less objects ("orphans", candidates for adoption) cost only the size of the answer.
 * Objects are shared, not cloned: callers must copy before they modify.
 */
export class Informer<T extends KubeObject = KubeObject> {
  private readonly objects = new Map<string, T>();
  private readonly byUid = new Map<string, string>();
  private readonly byNamespace = new Map<string, Set<string>>();
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly orphansByNamespace = new Map<string, Set<string>>();
  private readonly listeners: Listener[] = [];
  private stopWatch: (() => void) | undefined;

  constructor(
    readonly resource: string,
    private readonly store: StorePort,
  ) {}

  start(): void {
    this.stopWatch ??= this.store.listAndWatch(this.resource, (event) => this.apply(event));
  }

  stop(): void {
    this.stopWatch?.();
    this.stopWatch = undefined;
  }

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  get(key: string): T | undefined {
    return this.objects.get(key);
  }

  getByUid(uid: string): T | undefined {
    const key = this.byUid.get(uid);
    return key === undefined ? undefined : this.objects.get(key);
  }

  list(): T[] {
    return [...this.objects.values()];
  }

  size(): number {
    return this.objects.size;
  }

  inNamespace(namespace: string): T[] {
    return this.collect(this.byNamespace.get(namespace));
  }

  /** Objects listing `uid` among their ownerReferences (controller or not). */
  ownedBy(uid: string): T[] {
    return this.collect(this.byOwner.get(uid));
  }

  /** Objects in the namespace without a controller owner (candidates for adoption by a matching selector). */
  orphansIn(namespace: string): T[] {
    return this.collect(this.orphansByNamespace.get(namespace));
  }

  private collect(keys: Set<string> | undefined): T[] {
    const out: T[] = [];
    for (const key of keys ?? []) {
      const obj = this.objects.get(key);
      if (obj) out.push(obj);
    }
    return out;
  }

  private apply(event: WatchEvent): void {
    const obj = event.object as T;
    const key = keyOf(obj);
    const old = this.objects.get(key);
    if (old) this.unindex(key, old);
    if (event.type === 'DELETED') this.objects.delete(key);
    else {
      this.objects.set(key, obj);
      this.index(key, obj);
    }
    for (const listener of this.listeners) listener(event, old);
  }

  private index(key: string, obj: T): void {
    const m = obj.metadata;
    if (m.uid) this.byUid.set(m.uid, key);
    add(this.byNamespace, m.namespace ?? '', key);
    for (const ref of m.ownerReferences ?? []) add(this.byOwner, ref.uid, key);
    if (!(m.ownerReferences ?? []).some((r) => r.controller)) add(this.orphansByNamespace, m.namespace ?? '', key);
  }

  private unindex(key: string, obj: T): void {
    const m = obj.metadata;
    if (m.uid && this.byUid.get(m.uid) === key) this.byUid.delete(m.uid);
    remove(this.byNamespace, m.namespace ?? '', key);
    for (const ref of m.ownerReferences ?? []) remove(this.byOwner, ref.uid, key);
    remove(this.orphansByNamespace, m.namespace ?? '', key);
  }
}
