import { rfc3339, type Clock } from '../clock.js';
import type { StorePort } from './store-port.js';
import type { KubeObject } from '../objects/index.js';

export interface EventSink {
  /** Record an event about `obj` (fire-and-forget: an event that fails to store must not fail a reconcile). */
  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

interface Recorded {
  name: string;
  namespace: string;
  count: number;
  first: string;
  pending: Promise<unknown>;
}

/**
 * Writes core/v1 Events as upstream's recorder does: named `<object>.<hex nanoseconds>`, in the object's namespace
 * (`default` for cluster-scoped ones), and repeats of the same reason and message on the same object bump `count`
 * and `lastTimestamp` instead of piling up new Events (what `kubectl describe` shows as "x3 over 2m").
 */
export class EventRecorder {
  private readonly seen = new Map<string, Recorded>();
  private seq = 0;

  constructor(
    private readonly store: StorePort,
    private readonly clock: Clock,
  ) {}

  for(component: string): EventSink {
    return { event: (obj, type, reason, message) => this.record(component, obj, type, reason, message) };
  }

  private record(component: string, obj: KubeObject, type: string, reason: string, message: string): void {
    const meta = obj.metadata;
    const now = rfc3339(this.clock.now());
    const namespace = meta.namespace || 'default';
    const involvedObject = {
      kind: obj.kind,
      namespace: meta.namespace,
      name: meta.name,
      uid: meta.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: meta.resourceVersion,
    };
    const aggregateKey = [component, meta.uid, meta.namespace, meta.name, type, reason, message].join('\u0000');
    const prior = this.seen.get(aggregateKey);
    if (prior) {
      prior.count++;
      const count = prior.count;
      prior.pending = prior.pending.then(() =>
        this.store
          .update('events', {
            apiVersion: 'v1',
            kind: 'Event',
            metadata: { name: prior.name, namespace: prior.namespace },
            involvedObject,
            reason,
            message,
            source: { component },
            firstTimestamp: prior.first,
            lastTimestamp: now,
            count,
            type,
            eventTime: null,
            reportingComponent: '',
            reportingInstance: '',
          })
          .catch(() => undefined),
      );
      return;
    }
    const nanos = BigInt(this.clock.now()) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
    const name = `${meta.name}.${nanos.toString(16)}`;
    const entry: Recorded = { name, namespace, count: 1, first: now, pending: Promise.resolve() };
    if (this.seen.size > 4096) this.seen.clear(); // bounded memory; worst case a repeat becomes a new Event
    this.seen.set(aggregateKey, entry);
    entry.pending = this.store
      .create('events', {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject,
        reason,
        message,
        source: { component },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: '',
        reportingInstance: '',
      })
      .catch(() => undefined);
  }
}
