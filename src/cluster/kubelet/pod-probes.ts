import type { Container } from '../objects/index.js';
import type { ContainerRecord } from './container-record.js';
import type { PodSyncContext } from './pod-sync-context.js';
import { ProbeWorker } from './probe-worker.js';

/**
 * The probe workers of a pod's running containers, one per container instance: readiness and startup results go
 * into the container's record (and trigger a sync), liveness and startup failures restart the container.
 */
export class PodProbes {
  private readonly workers = new Map<string, { instanceId: string; worker: ProbeWorker }>();

  constructor(private readonly pod: PodSyncContext) {}

  /** Probe `instanceId` (a new worker when the container was replaced) and copy the probe state into the record. */
  ensure(record: ContainerRecord, spec: Container, instanceId: string): void {
    const { ctx } = this.pod;
    const existing = this.workers.get(spec.name);
    if (existing?.instanceId === instanceId) {
      Object.assign(record, existing.worker.state);
      return;
    }
    existing?.worker.stop();
    const worker = new ProbeWorker(
      ctx.clock,
      {
        docker: ctx.docker,
        guest: ctx.guest,
        containerId: instanceId,
        container: spec,
        podIP: ctx.ips.allocate(this.pod.uid),
      },
      {
        changed: (state) => {
          Object.assign(record, state);
          this.pod.kick();
        },
        failed: (kind, result) =>
          this.pod.event('Warning', 'Unhealthy', `${kind} probe failed: ${result.message}`, spec.name),
        kill: (kind) => void this.kill(spec, instanceId, kind),
      },
    );
    this.workers.set(spec.name, { instanceId, worker });
    Object.assign(record, worker.state);
    worker.start();
  }

  /** Stop the probes of one container, or of every container. */
  stop(container?: string): void {
    for (const [name, probe] of this.workers) {
      if (container !== undefined && name !== container) continue;
      probe.worker.stop();
      this.workers.delete(name);
    }
  }

  private async kill(spec: Container, instanceId: string, kind: string): Promise<void> {
    this.pod.event(
      'Normal',
      'Killing',
      `Container ${spec.name} failed ${kind.toLowerCase()} probe, will be restarted`,
      spec.name,
    );
    const grace = this.pod.current.spec.terminationGracePeriodSeconds ?? 30;
    await this.pod.ctx.docker.stopContainer(instanceId, grace).catch(() => undefined);
    this.pod.kick();
  }
}
