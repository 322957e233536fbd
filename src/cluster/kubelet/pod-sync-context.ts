import type { Pod } from '../objects/index.js';
import type { KubeletContext } from './kubelet-context.js';

/** Retry delay after a transient failure (volume not ready, config missing, Docker error). */
export const RETRY_MS = 10_000;

export type EventType = 'Normal' | 'Warning';

/**
 * What the parts of one pod's worker (image pulls, restart back-off, sandbox, probes, container starts) share with
 * it: the node, the pod as last seen, the pod's events and the worker's wake-up timer.
 */
export interface PodSyncContext {
  readonly ctx: KubeletContext;
  /** The pod as last seen from the API: its spec and status can change between two syncs. */
  readonly current: Pod;
  readonly uid: string;
  /** Record an event about the pod, or about one of its containers. */
  event(type: EventType, reason: string, message: string, container?: string, init?: boolean): void;
  /** Emit an event only once per `key` (e.g. per container instance), however often the sync sees the condition. */
  eventOnce(key: string, type: EventType, reason: string, message: string, container?: string): void;
  /** Sync again in `ms`, replacing the wake-up set before. */
  wakeIn(ms: number): void;
  /** Sync again now (or right after the sync that is running). */
  kick(): void;
  /** Log a line about this pod (`pod <namespace>/<name>: ...`). */
  log(message: string): void;
}
