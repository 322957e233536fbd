import { useSyncExternalStore } from 'react';
import type { BootPhase, OpenPort, VmError } from '../protocol/worker-api.js';
import type { UnsavedFile, WorkerEvent } from '../protocol/worker-events.js';

/** What the page shows about the VM: boot progress, readiness, the error screen, open ports. */
export interface VmView {
  state: 'booting' | 'ready' | 'failed' | 'stopped';
  phase: BootPhase;
  message: string;
  loaded?: number;
  total?: number;
  readyMs?: number;
  warm: boolean;
  /** The warm-up step running or last run (while not `warm`). */
  warming?: { step: number; of: number };
  /** The Kubernetes node, set up in the background after the first prompt (kubectl waits for it). */
  kubernetes: KubernetesStart;
  error?: VmError;
  /** Bumped on every restart so terminals know their shells are gone. */
  generation: number;
  ports: OpenPort[];
  restoredFiles: number;
  /** Files of the last visit that did not come back, and why (shown until dismissed). */
  notRestored: UnsavedFile[];
  /** Files whose current content would not come back after a reload, and why. */
  unsaved: UnsavedFile[];
}

export type KubernetesStart =
  | { state: 'waiting' }
  /** It starts once the learner's terminal is quiet (src/worker/node-start-gate.ts). */
  | { state: 'queued' }
  | { state: 'starting'; since: number }
  | { state: 'ready'; ms: number }
  | { state: 'failed'; message: string };

/** How long the node took last time on this browser: the status line's estimate for the next start. */
export const LAST_NODE_START_KEY = 'wharf.kubernetesStartMs';

const initial: VmView = {
  state: 'booting',
  phase: 'download',
  message: 'Starting the VM worker',
  warm: false,
  kubernetes: { state: 'waiting' },
  generation: 0,
  ports: [],
  restoredFiles: 0,
  notRestored: [],
  unsaved: [],
};

/** A tiny external store fed by worker events; components read it with {@link useVm}. */
export class VmStore {
  private view: VmView = initial;

  constructor(private readonly now: () => number = () => performance.now()) {}
  private readonly subs = new Set<() => void>();

  get = (): VmView => this.view;
  subscribe = (fn: () => void): (() => void) => {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  };

  set(patch: Partial<VmView>): void {
    this.view = { ...this.view, ...patch };
    for (const s of this.subs) s();
  }

  apply(event: WorkerEvent): void {
    switch (event.type) {
      case 'vm/progress':
        if (event.phase === 'warming') return this.set({ warming: { step: event.loaded ?? 0, of: event.total ?? 0 } });
        if (event.phase === 'warm') return this.set({ warm: true, warming: undefined, message: event.message });
        if (event.phase === 'node-queued') return this.set({ kubernetes: { state: 'queued' } });
        if (event.phase === 'node') return this.set({ kubernetes: { state: 'starting', since: this.now() } });
        if (event.phase === 'node-ready') {
          const since = this.view.kubernetes.state === 'starting' ? this.view.kubernetes.since : this.now();
          return this.set({ kubernetes: { state: 'ready', ms: this.now() - since } });
        }
        if (event.phase === 'node-failed') return this.set({ kubernetes: { state: 'failed', message: event.message } });
        return this.set({
          state: this.view.state === 'ready' ? 'ready' : 'booting',
          phase: event.phase,
          message: event.message,
          loaded: event.loaded,
          total: event.total,
        });
      case 'vm/ready':
        // The worker says whether a warm-up is still to come (none after a cold boot, none without the JIT).
        return this.set({ state: 'ready', readyMs: event.readyMs, error: undefined, warm: !event.warmingUp });
      case 'vm/error':
        return this.set({ state: 'failed', error: event.error });
      case 'vm/stopped':
        return this.set({
          state: 'stopped',
          generation: this.view.generation + 1,
          ports: [],
          warm: false,
          warming: undefined,
          kubernetes: { state: 'waiting' },
        });
      case 'ports/changed':
        return this.set({ ports: event.ports });
      case 'fs/restored':
        return this.set({ restoredFiles: event.count, notRestored: event.notRestored });
      case 'fs/unsaved':
        return this.set({ unsaved: event.files });
      default:
        return undefined;
    }
  }
}

export function useVm(store: VmStore): VmView {
  return useSyncExternalStore(store.subscribe, store.get);
}
