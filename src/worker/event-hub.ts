import type { WorkerEvent } from '../protocol/worker-events.js';

/** The ports that asked for events (the page, a test); each event goes to all of them. */
export class EventHub {
  private readonly ports = new Set<MessagePort>();

  add(port: MessagePort): void {
    this.ports.add(port);
    // A closed page's port stays silent; structured clone errors would surface on the next emit.
    port.start();
  }

  emit(event: WorkerEvent): void {
    for (const port of this.ports) port.postMessage(event);
  }
}
