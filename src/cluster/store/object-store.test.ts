import { describe, expect, it } from 'vitest';
import { ObjectStore } from './object-store.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import type { KubeObject } from '../objects/index.js';
import type { StoreEvent } from './types.js';

function newStore(options: ConstructorParameters<typeof ObjectStore>[0] = {}): ObjectStore {
  let n = 0;
  const store = new ObjectStore({ now: () => Date.UTC(2021, 0, 1), uid: () => `uid-${++n}`, ...options });
  store.register({ resource: 'pods', namespaced: true });
  store.register({ resource: 'deployments.apps', namespaced: true, generation: true });
  store.register({ resource: 'namespaces', namespaced: false });
  return store;
}

const pod = (name: string, labels: Record<string, string> = {}, ns = 'default', extra: object = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
  ...extra,
});

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

function collect(store: ObjectStore, resource: string, options = {}): { events: StoreEvent[]; stop(): void } {
  const events: StoreEvent[] = [];
  const d = store.watch(resource, options, (e) => events.push(e));
  return { events, stop: () => d.dispose() };
}

describe('ObjectStore', () => {
  it('sets uid, creationTimestamp and a global resourceVersion on create, and freezes the object', () => {
    const store = newStore();
    const a = store.create('pods', pod('a'));
    const ns = store.create('namespaces', { metadata: { name: 'default' } });
    expect(a.metadata).toMatchObject({ uid: 'uid-1', creationTimestamp: '2021-01-01T00:00:00Z', resourceVersion: '1' });
    expect(ns.metadata.resourceVersion).toBe('2');
    expect(store.resourceVersion).toBe('2');
    expect(Object.isFrozen(a.spec)).toBe(true);
    expect(store.get('pods', 'default', 'a')).toBe(a);
  });

  it('rejects a duplicate name with AlreadyExists (409)', () => {
    const store = newStore();
    store.create('pods', pod('a'));
    expect(() => store.create('pods', pod('a'))).toThrowError(
      expect.objectContaining({ reason: 'AlreadyExists', code: 409, message: 'pods "a" already exists' }),
    );
    // Same name in another namespace is a different object.
    expect(store.create('pods', pod('a', {}, 'other')).metadata.namespace).toBe('other');
  });

  it('rejects an update with a stale resourceVersion with Conflict (409)', () => {
    const store = newStore();
    const a = store.create('pods', pod('a'));
    store.update('pods', { ...a, metadata: { ...a.metadata, labels: { x: '1' } } } as KubeObject);
    expect(() =>
      store.update('pods', { ...a, metadata: { ...a.metadata, labels: { x: '2' } } } as KubeObject),
    ).toThrowError(expect.objectContaining({ reason: 'Conflict', code: 409 }));
  });

  it('bumps generation only when something outside metadata and status changes', () => {
    const store = newStore();
    const d = store.create('deployments.apps', {
      metadata: { name: 'd', namespace: 'default' },
      spec: { replicas: 1 },
    });
    expect(d.metadata.generation).toBe(1);
    const s = store.update('deployments.apps', { ...d, status: { replicas: 1 } } as KubeObject);
    expect(s.metadata.generation).toBe(1);
    const l = store.update('deployments.apps', { ...s, metadata: { ...s.metadata, labels: { a: 'b' } } } as KubeObject);
    expect(l.metadata.generation).toBe(1);
    const sp = store.update('deployments.apps', { ...l, spec: { replicas: 3 } } as KubeObject);
    expect(sp.metadata.generation).toBe(2);
    // Pods carry no generation.
    expect(store.create('pods', pod('p')).metadata.generation).toBeUndefined();
  });

  it('does not write (no new resourceVersion, no event) when an update changes nothing', async () => {
    const store = newStore();
    const a = store.create('pods', pod('a'));
    const w = collect(store, 'pods', { resourceVersion: a.metadata.resourceVersion });
    expect(store.update('pods', a as KubeObject)).toBe(a);
    await tick();
    expect(w.events).toEqual([]);
    expect(store.resourceVersion).toBe('1');
  });

  it('lists sorted by namespace then name, filtered by namespace, labels and fields', () => {
    const store = newStore();
    store.create('pods', pod('b', { app: 'web' }));
    store.create('pods', pod('a', { app: 'db' }));
    store.create('pods', pod('c', { app: 'web', tier: 'fe' }, 'zz'));
    const names = (items: readonly { metadata: { name?: string } }[]): (string | undefined)[] =>
      items.map((i) => i.metadata.name);
    expect(names(store.list('pods').items)).toEqual(['a', 'b', 'c']);
    expect(names(store.list('pods', { namespace: 'default' }).items)).toEqual(['a', 'b']);
    expect(names(store.list('pods', { labels: parseLabelSelector('app=web') }).items)).toEqual(['b', 'c']);
    expect(names(store.list('pods', { labels: parseLabelSelector('app in (web,db),!tier') }).items)).toEqual([
      'a',
      'b',
    ]);
    expect(names(store.list('pods', { labels: parseLabelSelector('app!=web') }).items)).toEqual(['a']);
    expect(names(store.list('pods', { fields: parseFieldSelector('metadata.name=c') }).items)).toEqual(['c']);
    expect(names(store.list('pods', { fields: parseFieldSelector('metadata.namespace!=zz') }).items)).toEqual([
      'a',
      'b',
    ]);
  });

  it('watch from "now" starts with ADDED for current objects, then streams changes in order', async () => {
    const store = newStore();
    store.create('pods', pod('a'));
    const w = collect(store, 'pods');
    const b = store.create('pods', pod('b'));
    store.update('pods', { ...b, metadata: { ...b.metadata, labels: { v: '2' } } } as KubeObject);
    store.delete('pods', 'default', 'a');
    await tick();
    expect(w.events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`)).toEqual([
      'ADDED a 1',
      'ADDED b 2',
      'MODIFIED b 3',
      'DELETED a 4',
    ]);
  });

  it('watch from a resourceVersion replays later events; one older than the history is Expired (410)', async () => {
    const store = newStore({ historyLimit: 3 });
    for (const n of ['a', 'b', 'c', 'd', 'e']) store.create('pods', pod(n));
    const w = collect(store, 'pods', { resourceVersion: '3' });
    await tick();
    expect(w.events.map((e) => e.object.metadata.name)).toEqual(['d', 'e']);
    expect(() => store.watch('pods', { resourceVersion: '1' }, () => {})).toThrowError(
      expect.objectContaining({ reason: 'Expired', code: 410 }),
    );
  });

  it('a filtered watch sees objects entering the selector as ADDED and leaving it as DELETED', async () => {
    const store = newStore();
    const a = store.create('pods', pod('a', { app: 'x' }));
    const w = collect(store, 'pods', { resourceVersion: '1', labels: parseLabelSelector('app=web') });
    const a2 = store.update('pods', { ...a, metadata: { ...a.metadata, labels: { app: 'web' } } } as KubeObject);
    store.update('pods', { ...a2, metadata: { ...a2.metadata, labels: { app: 'y' } } } as KubeObject);
    await tick();
    expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
  });

  it('delete with finalizers or a grace period only marks the object; removing the last finalizer deletes it', async () => {
    const store = newStore();
    store.create('pods', pod('f', {}, 'default', {}));
    const f = store.update('pods', {
      ...store.get('pods', 'default', 'f')!,
      metadata: { ...store.get('pods', 'default', 'f')!.metadata, finalizers: ['x/y'] },
    } as KubeObject);
    const marked = store.delete('pods', 'default', 'f');
    expect(marked.metadata.deletionTimestamp).toBe('2021-01-01T00:00:00Z');
    expect(store.get('pods', 'default', 'f')).toBeDefined();
    const current = store.get('pods', 'default', 'f')!;
    store.update('pods', { ...current, metadata: { ...current.metadata, finalizers: [] } } as KubeObject);
    expect(store.get('pods', 'default', 'f')).toBeUndefined();
    expect(f.metadata.uid).toBeDefined();

    store.create('pods', pod('g'));
    const g = store.delete('pods', 'default', 'g', { gracePeriodSeconds: 30 });
    expect(g.metadata).toMatchObject({ deletionTimestamp: '2021-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 });
    store.delete('pods', 'default', 'g', { gracePeriodSeconds: 0 });
    expect(store.get('pods', 'default', 'g')).toBeUndefined();
  });

  it('delete honours uid preconditions and reports NotFound with the upstream message', () => {
    const store = newStore();
    store.create('pods', pod('a'));
    expect(() => store.delete('pods', 'default', 'a', { uid: 'other' })).toThrowError(
      expect.objectContaining({ reason: 'Conflict' }),
    );
    expect(() => store.delete('pods', 'default', 'nope')).toThrowError('pods "nope" not found');
  });

  it('indexes dependents by owner uid', () => {
    const store = newStore();
    const d = store.create('deployments.apps', { metadata: { name: 'd', namespace: 'default' }, spec: {} });
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', uid: d.metadata.uid! };
    store.create('pods', { ...pod('p1'), metadata: { name: 'p1', namespace: 'default', ownerReferences: [ref] } });
    store.create('pods', pod('p2'));
    expect(store.byOwner(d.metadata.uid!).map(([r, o]) => `${r}/${o.metadata.name}`)).toEqual(['pods/p1']);
    store.delete('pods', 'default', 'p1');
    expect(store.byOwner(d.metadata.uid!)).toEqual([]);
  });

  it('narrows label-selected lists of 1,000 pods through the label index, exactly', () => {
    const store = newStore();
    for (let i = 0; i < 1000; i++) store.create('pods', pod(`p${i}`, { app: `a${i % 100}` }));
    for (let i = 0; i < 1000; i++) store.list('pods', { labels: parseLabelSelector(`app=a${i % 100}`) });
    expect(store.list('pods', { labels: parseLabelSelector('app=a7') }).items).toHaveLength(10);
    expect(store.list('pods', { labels: parseLabelSelector('app=a7'), namespace: 'other' }).items).toHaveLength(0);
  });
});

describe('selectors', () => {
  it('parses set-based label selectors and rejects garbage with the upstream-style message', () => {
    expect(parseLabelSelector('a=b, c notin (x, y),d,!e')).toEqual([
      { key: 'a', op: 'in', values: ['b'] },
      { key: 'c', op: 'notin', values: ['x', 'y'] },
      { key: 'd', op: 'exists' },
      { key: 'e', op: '!exists' },
    ]);
    expect(() => parseLabelSelector('a=b=c')).toThrowError(/found '='/);
  });
});
