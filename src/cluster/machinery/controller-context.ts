import type { Clock } from '../clock.js';
import type { EventRecorder } from './event-recorder.js';
import { Informer } from './informer.js';
import type { StorePort } from './store-port.js';
import type { KubeObject } from '../objects/index.js';
import { WorkQueue, type Reconcile } from './work-queue.js';

/** What every controller is handed: the store seam, shared informers, the clock, the event recorder. */
export class ControllerContext {
  private readonly informers = new Map<string, Informer>();
  readonly queues: WorkQueue[] = [];

  constructor(
    readonly store: StorePort,
    readonly clock: Clock,
    readonly events: EventRecorder,
    readonly nodeName: string,
    readonly random: () => number,
    readonly onError: (controller: string, key: string, error: unknown) => void,
  ) {}

  /** One shared informer per resource, as upstream's SharedInformerFactory: one watch, many listeners. */
  informer<T extends KubeObject = KubeObject>(resource: string): Informer<T> {
    let informer = this.informers.get(resource);
    if (!informer) this.informers.set(resource, (informer = new Informer(resource, this.store)));
    return informer as Informer<T>;
  }

  queue(name: string, reconcile: Reconcile): WorkQueue {
    const queue = new WorkQueue(name, reconcile, this.clock, this.onError);
    this.queues.push(queue);
    return queue;
  }

  start(): void {
    for (const informer of this.informers.values()) informer.start();
  }

  stop(): void {
    for (const informer of this.informers.values()) informer.stop();
    for (const queue of this.queues) queue.stop();
  }

  /** Resolves once every queue has drained (repeatedly, since one controller's writes wake another's). */
  async settle(): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      if (this.queues.every((q) => q.isIdle())) {
        // Give watch deliveries scheduled as macrotasks a chance to enqueue more work before calling it settled.
        await new Promise((r) => setTimeout(r, 0));
        if (this.queues.every((q) => q.isIdle())) return;
      }
      await Promise.all(this.queues.map((q) => q.whenIdle()));
    }
  }
}
