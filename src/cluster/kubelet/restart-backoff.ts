import type { Container } from '../objects/index.js';
import type { ContainerInstance, ContainerRecord } from './container-record.js';
import type { PodSyncContext } from './pod-sync-context.js';

/**
 * CrashLoopBackOff for a pod's containers: the first restart after a death is immediate, later ones wait out the
 * node's back-off (10 s doubling to 5 minutes), counted from when the kubelet saw the container die.
 */
export class RestartBackoff {
  /** When the kubelet saw each container instance die, on its own clock. */
  private readonly deaths = new Map<string, number>();

  constructor(private readonly pod: PodSyncContext) {}

  /**
   * True when `dead`, the container's latest instance, may be replaced now (the back-off then arms for the next
   * death). Otherwise the container waits in CrashLoopBackOff and the worker wakes when the back-off is over.
   */
  mayRestart(record: ContainerRecord, spec: Container, dead: ContainerInstance): boolean {
    const { ctx } = this.pod;
    const backoffKey = `${this.pod.uid}/${spec.name}`;
    // When the kubelet saw it die, on the kubelet's clock: the guest's clock (Docker's FinishedAt) drifts in the
    // emulator, and back-off arithmetic must not mix the two.
    let diedAt = this.deaths.get(dead.id);
    if (diedAt === undefined) this.deaths.set(dead.id, (diedAt = ctx.clock.now()));
    const wait = ctx.backoff.remaining(backoffKey, diedAt);
    if (wait > 0) {
      const delay = Math.round(ctx.backoff.delay(backoffKey) / 1000);
      const { metadata } = this.pod.current;
      record.waiting = {
        reason: 'CrashLoopBackOff',
        message: `back-off ${delay}s restarting failed container=${spec.name} pod=${metadata.name}_${metadata.namespace ?? 'default'}(${this.pod.uid})`,
      };
      this.pod.eventOnce(`backoff:${dead.id}`, 'Warning', 'BackOff', 'Back-off restarting failed container', spec.name);
      this.pod.wakeIn(wait);
      return false;
    }
    ctx.backoff.next(backoffKey);
    return true;
  }

  /** Drop the pod's restart back-offs (the pod is gone). */
  forget(): void {
    this.pod.ctx.backoff.forget(`${this.pod.uid}/`);
  }
}
