import { describe, expect, it } from 'vitest';
import { vmStatusText } from './vm-status.js';
import { VmStore } from './vm-store.js';

function readyStore(clock: { t: number }, warmingUp = false): VmStore {
  const store = new VmStore(() => clock.t);
  store.apply({ type: 'vm/ready', readyMs: 1300, restored: true, warmingUp });
  return store;
}

describe('the status line', () => {
  it('says Docker is ready before the Kubernetes node starts', () => {
    const store = readyStore({ t: 0 });
    expect(vmStatusText(store.get(), false, 0, undefined)).toBe('VM ready (1.3 s) · Docker ready');
  });

  it('counts the node start against the last one, then says both are ready', () => {
    const clock = { t: 10_000 };
    const store = readyStore(clock);
    store.apply({ type: 'vm/progress', phase: 'node', message: 'Starting the Kubernetes node' });
    expect(store.get().state).toBe('ready');
    expect(vmStatusText(store.get(), false, 22_400, 41_000)).toBe(
      'VM ready (1.3 s) · Docker ready · Kubernetes starting: 12 s, last time 41 s',
    );
    expect(vmStatusText(store.get(), false, 12_000, undefined)).toBe(
      'VM ready (1.3 s) · Docker ready · Kubernetes starting: 2 s',
    );
    clock.t = 45_000;
    store.apply({ type: 'vm/progress', phase: 'node-ready', message: 'Kubernetes node ready in 35.0 s' });
    expect(store.get().kubernetes).toEqual({ state: 'ready', ms: 35_000 });
    expect(vmStatusText(store.get(), false, 45_000, 41_000)).toBe('VM ready (1.3 s) · Docker and Kubernetes ready');
  });

  it('says the node waits for a quiet terminal while it does', () => {
    const store = readyStore({ t: 0 });
    store.apply({ type: 'vm/progress', phase: 'node-queued', message: '' });
    expect(vmStatusText(store.get(), false, 0, undefined)).toBe(
      'VM ready (1.3 s) · Docker ready · Kubernetes starts when the terminal is quiet',
    );
    store.apply({ type: 'vm/progress', phase: 'node', message: '' });
    expect(store.get().kubernetes.state).toBe('starting');
  });

  it('names a warm-up only while one is to come, and a node that failed', () => {
    const store = readyStore({ t: 0 }, true);
    expect(vmStatusText(store.get(), false, 0, undefined)).toContain('warming up Docker and kubectl while you read');
    store.apply({ type: 'vm/progress', phase: 'warming', message: '', loaded: 3, total: 8 });
    expect(vmStatusText(store.get(), false, 0, undefined)).toBe(
      'VM ready (1.3 s) · warming up Docker and kubectl while you read: 3 of 8 · Docker ready',
    );
    store.apply({ type: 'vm/progress', phase: 'warm', message: 'Docker warmed up in 20.0 s' });
    expect(vmStatusText(store.get(), false, 0, undefined)).not.toContain('warming up');
    store.apply({ type: 'vm/progress', phase: 'node-failed', message: 'The Kubernetes node did not start: boom' });
    expect(vmStatusText(store.get(), false, 0, undefined)).toContain('Kubernetes did not start');
  });

  it('starts over after a reset, and is short on a narrow screen', () => {
    const store = readyStore({ t: 0 });
    store.apply({ type: 'vm/progress', phase: 'node', message: '' });
    store.apply({ type: 'vm/stopped', reason: 'reset' });
    expect(store.get().kubernetes).toEqual({ state: 'waiting' });
    expect(vmStatusText(readyStore({ t: 0 }).get(), true, 0, undefined)).toBe('VM ready');
  });
});
