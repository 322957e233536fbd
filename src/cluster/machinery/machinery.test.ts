import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { Informer } from './informer.js';
import type { WatchEvent } from '../objects/index.js';
import type { StorePort } from './store-port.js';
import { WorkQueue } from './work-queue.js';

const macrotask = () => new Promise((r) => setTimeout(r, 0));

describe('WorkQueue', () => {
  it('coalesces a burst of adds for one key into one run, and reruns once if changed mid-run', async () => {
    const runs: string[] = [];
    let release: (() => void) | undefined;
    const q = new WorkQueue(
      'test',
      async (key) => {
        runs.push(key);
        if (key === 'slow' && !release) await new Promise<void>((r) => (release = r));
      },
      new FakeClock(),
    );
    for (let i = 0; i < 100; i++) q.add('a');
    q.add('b');
    await q.whenIdle();
    expect(runs).toEqual(['a', 'b']);

    q.add('slow');
    await macrotask();
    q.add('slow');
    q.add('slow');
    release!();
    await q.whenIdle();
    await macrotask();
    await q.whenIdle();
    expect(runs.filter((k) => k === 'slow')).toHaveLength(2);
  });

  it('retries failures with exponential back-off on the clock and honours addAfter', async () => {
    const clock = new FakeClock();
    let attempts = 0;
    const errors: unknown[] = [];
    const q = new WorkQueue(
      'test',
      (key) => {
        if (key === 'flaky' && ++attempts < 3) throw new Error(`attempt ${attempts}`);
      },
      clock,
      (_n, _k, e) => errors.push(e),
    );
    q.add('flaky');
    await q.whenIdle();
    expect(attempts).toBe(1);
    clock.advance(4);
    await macrotask();
    expect(attempts).toBe(1);
    clock.advance(1); // 5 ms: first retry
    await q.whenIdle();
    expect(attempts).toBe(2);
    clock.advance(10); // 10 ms: second retry succeeds
    await q.whenIdle();
    expect(attempts).toBe(3);
    expect(errors).toHaveLength(2);

    let later = 0;
    const q2 = new WorkQueue('later', () => void later++, clock);
    q2.addAfter('k', 1000);
    q2.addAfter('k', 500); // the sooner request wins (upstream's delaying queue)
    q2.addAfter('k', 2000);
    clock.advance(499);
    await macrotask();
    expect(later).toBe(0);
    clock.advance(1);
    await q2.whenIdle();
    clock.advance(1000);
    await q2.whenIdle();
    expect(later).toBe(1);
  });
});

describe('WorkQueue under a flood of keys', () => {
  it('lets the event loop run while it drains thousands of keys that reconcile in microtasks', async () => {
    let ran = 0;
    const q = new WorkQueue(
      'flood',
      () => {
        // About 50 µs of work per key: 2,000 keys are 100 ms, ten work slices.
        const until = performance.now() + 0.05;
        while (performance.now() < until);
        ran++;
      },
      new FakeClock(),
    );
    for (let i = 0; i < 2000; i++) q.add(`key-${i}`);
    // A timer queued after the queue's first drain: it fires once the queue yields, long before the last key.
    const ranWhenTimerFired = await new Promise<number>((resolve) => setTimeout(() => resolve(ran), 0));
    await q.whenIdle();
    expect(ran).toBe(2000);
    expect(ranWhenTimerFired).toBeGreaterThan(0);
    expect(ranWhenTimerFired).toBeLessThan(1000);
  });
});

describe('Informer', () => {
  it('indexes by uid, namespace, owner and orphan status, and follows changes', () => {
    let emit: (e: WatchEvent) => void = () => {};
    const store = {
      listAndWatch: (_r: string, fn: (e: WatchEvent) => void) => ((emit = fn), () => {}),
    } as StorePort;
    const informer = new Informer('pods', store);
    const seen: string[] = [];
    informer.onChange((e, old) => seen.push(`${e.type}:${e.object.metadata.name}:${old ? 'old' : 'new'}`));
    informer.start();
    const pod = (name: string, owner?: string) => ({
      metadata: {
        name,
        namespace: 'default',
        uid: `uid-${name}`,
        ownerReferences: owner
          ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: owner, controller: true }]
          : undefined,
      },
    });
    emit({ type: 'ADDED', object: pod('a', 'rs-1') });
    emit({ type: 'ADDED', object: pod('b') });
    expect(informer.ownedBy('rs-1').map((p) => p.metadata.name)).toEqual(['a']);
    expect(informer.orphansIn('default').map((p) => p.metadata.name)).toEqual(['b']);
    expect(informer.getByUid('uid-b')?.metadata.name).toBe('b');

    emit({ type: 'MODIFIED', object: pod('b', 'rs-1') });
    expect(
      informer
        .ownedBy('rs-1')
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(informer.orphansIn('default')).toEqual([]);

    emit({ type: 'DELETED', object: pod('a', 'rs-1') });
    expect(informer.ownedBy('rs-1').map((p) => p.metadata.name)).toEqual(['b']);
    expect(informer.inNamespace('default')).toHaveLength(1);
    expect(seen).toEqual(['ADDED:a:new', 'ADDED:b:new', 'MODIFIED:b:old', 'DELETED:a:old']);
  });
});
