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

const initial: VmView = {
  state: 'booting',
  phase: 'download',
  message: 'Starting the VM worker',
  warm: false,
  generation: 0,
  ports: [],
  restoredFiles: 0,
  notRestored: [],
  unsaved: [],
};

/** A tiny external store fed by worker events; components read it with {@link useVm}. */
export class VmStore {
  private view: VmView = initial;
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
        if (event.phase === 'warm') return this.set({ warm: true, message: event.message });
        return this.set({
          state: this.view.state === 'ready' ? 'ready' : 'booting',
          phase: event.phase,
          message: event.message,
          loaded: event.loaded,
          total: event.total,
        });
      case 'vm/ready':
        // Only a restored snapshot warms up in the background; a cold boot has nothing more to report.
        return this.set({ state: 'ready', readyMs: event.readyMs, error: undefined, warm: !event.restored });
      case 'vm/error':
        return this.set({ state: 'failed', error: event.error });
      case 'vm/stopped':
        return this.set({ state: 'stopped', generation: this.view.generation + 1, ports: [], warm: false });
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
