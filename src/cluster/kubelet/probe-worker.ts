import type { Clock } from '../clock.js';
import type { Probe } from '../objects/index.js';
import { runProbe, type ProbeResult, type ProbeTarget } from './probes.js';

export type ProbeKind = 'Liveness' | 'Readiness' | 'Startup';

export interface ProbeCallbacks {
  /** Readiness or startup state changed: the pod status needs an update. */
  changed(state: { ready: boolean; started: boolean }): void;
  /** A probe failed (for the Unhealthy event). */
  failed(kind: ProbeKind, result: ProbeResult): void;
  /** Liveness or startup failed `failureThreshold` times in a row: the container must be restarted. */
  kill(kind: ProbeKind): void;
}

/**
 * Runs one container instance's probes on their periods, like the kubelet's prober workers: nothing but the startup
 * probe runs until it succeeds; readiness starts false (true at once without a probe); liveness failures past the
 * threshold ask for a restart. One worker per container instance; a replaced container gets a new worker.
 */
export class ProbeWorker {
  private ready: boolean;
  private started: boolean;
  private readonly cancels: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly target: ProbeTarget,
    private readonly callbacks: ProbeCallbacks,
  ) {
    const c = target.container;
    this.started = !c.startupProbe;
    this.ready = !c.readinessProbe && this.started;
  }

  get state(): { ready: boolean; started: boolean } {
    return { ready: this.ready, started: this.started };
  }

  start(): void {
    const c = this.target.container;
    if (c.startupProbe) this.loop('Startup', c.startupProbe);
    else this.startAfterStartup();
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of this.cancels.splice(0)) cancel();
  }

  private startAfterStartup(): void {
    const c = this.target.container;
    if (c.readinessProbe) this.loop('Readiness', c.readinessProbe);
    if (c.livenessProbe) this.loop('Liveness', c.livenessProbe);
  }

  private loop(kind: ProbeKind, probe: Probe): void {
    const period = (probe.periodSeconds ?? 10) * 1000;
    const successThreshold = probe.successThreshold ?? 1;
    const failureThreshold = probe.failureThreshold ?? 3;
    let successes = 0;
    let failures = 0;
    const tick = async () => {
      if (this.stopped) return;
      const result = await runProbe(probe, this.target);
      if (this.stopped) return;
      if (result.ok) {
        successes++;
        failures = 0;
      } else {
        failures++;
        successes = 0;
        this.callbacks.failed(kind, result);
      }
      if (!this.handle(kind, result.ok, successes >= successThreshold, failures >= failureThreshold)) return;
      this.cancels.push(this.clock.after(period, () => void tick()));
    };
    this.cancels.push(this.clock.after((probe.initialDelaySeconds ?? 0) * 1000, () => void tick()));
  }

  /** Apply a probe result; false stops this probe's loop. */
  private handle(kind: ProbeKind, ok: boolean, succeeded: boolean, failedOut: boolean): boolean {
    if (kind === 'Startup') {
      if (succeeded) {
        this.started = true;
        this.ready = !this.target.container.readinessProbe;
        this.callbacks.changed(this.state);
        this.startAfterStartup();
        return false;
      }
      if (failedOut) {
        this.callbacks.kill(kind);
        return false;
      }
      return true;
    }
    if (kind === 'Readiness') {
      const ready = ok ? succeeded || this.ready : !failedOut && this.ready;
      if (ready !== this.ready) {
        this.ready = ready;
        this.callbacks.changed(this.state);
      }
      return true;
    }
    if (failedOut) {
      this.callbacks.kill(kind);
      return false;
    }
    return true;
  }
}
