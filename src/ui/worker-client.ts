import * as Comlink from 'comlink';
import type { WorkerApi } from '../protocol/worker-api.js';
import type { WorkerEvent } from '../protocol/worker-events.js';
import { PreviewRelayClient } from './preview/preview-relay-client.js';

export type Api = Comlink.Remote<WorkerApi>;
type Listener = (event: WorkerEvent) => void;

/**
 * The page's side of the VM worker: one Comlink proxy for calls, one event port for everything the worker reports,
 * and the preview relay that carries requests for guest ports from the preview origin to the VM worker.
 */
export class WorkerClient {
  readonly api: Api;
  readonly previews: PreviewRelayClient;
  private readonly listeners = new Set<Listener>();
  /** Terminal output that arrived before its view attached (the shell prints its prompt right away). */
  private readonly pending = new Map<string, Uint8Array[]>();
  private readonly claimed = new Set<string>();
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(new URL('../worker.ts', import.meta.url), { type: 'module', name: 'wharf-vm' });
    this.api = Comlink.wrap<WorkerApi>(this.worker);
    const events = new MessageChannel();
    events.port1.onmessage = (e: MessageEvent<WorkerEvent>) => this.dispatch(e.data);
    void this.api.subscribe(Comlink.transfer(events.port2, [events.port2]));
    const previews = new MessageChannel();
    void this.api.servePreview(Comlink.transfer(previews.port2, [previews.port2]));
    this.previews = new PreviewRelayClient((request) => previews.port1.postMessage(request, [request.reply]));
    this.previews.start();
  }

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Attach a terminal's output; returns what it missed so far (to write first). */
  takePending(id: string): Uint8Array[] {
    const missed = this.pending.get(id) ?? [];
    this.pending.delete(id);
    return missed;
  }

  /** Called by a terminal view when it starts listening, so later output is not parked. */
  claim(id: string): void {
    this.claimed.add(id);
  }

  onWorkerError(listener: (message: string) => void): void {
    this.worker.addEventListener('error', (e) => listener(e.message || 'the VM worker failed to load'));
  }

  private dispatch(event: WorkerEvent): void {
    if (event.type === 'term/output' && !this.claimed.has(event.id)) {
      const list = this.pending.get(event.id) ?? [];
      list.push(event.data);
      this.pending.set(event.id, list);
    }
    for (const l of this.listeners) l(event);
  }
}
