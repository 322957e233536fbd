import type { Container, Pod } from '../objects/index.js';
import type { PodNetwork } from './container-config.js';
import type { ContainerInstance, ContainerRecord } from './container-record.js';
import { ContainerStarter } from './container-start.js';
import { ImagePulls } from './image-pulls.js';
import { InspectCache, listPodContainers, refreshRecords, removeContainer } from './instances.js';
import { podRef } from './kubelet-api.js';
import type { KubeletContext } from './kubelet-context.js';
import { PodProbes } from './pod-probes.js';
import { PodSandbox } from './pod-sandbox.js';
import { podStatus, PodStatusWriter } from './pod-status.js';
import { RETRY_MS, type EventType, type PodSyncContext } from './pod-sync-context.js';
import { RestartBackoff } from './restart-backoff.js';
import { podDir, prepareVolumes, refreshVolumes, VolumeMountError, type PodVolumes } from './volumes.js';

/** Re-check a pod this often even without events (missed Docker events, ConfigMaps that appeared, ...). */
const RESYNC_MS = 30_000;
/** Bring mounted ConfigMap and Secret files up to date at most this often (a real kubelet: about a minute). */
const VOLUME_REFRESH_MS = 20_000;

type Outcome = 'running' | 'succeeded' | 'waiting' | 'failed';

/**
 * Drives one pod towards its spec, one sync at a time: pulls images, creates and starts the containers (first one
 * owns the pod's network namespace, or a sandbox does for multi-container pods), restarts crashed ones with
 * back-off, runs probes, writes the pod status, and tears everything down when the pod is deleted. The parts live
 * beside it: `image-pulls.ts`, `restart-backoff.ts`, `pod-sandbox.ts`, `pod-probes.ts`, `container-start.ts`,
 * `pod-status.ts`.
 *
 * Syncs are triggered by pod changes, Docker events for the pod's containers, probe results and timers; they never
 * overlap (a trigger during a sync just runs another sync afterwards).
 */
export class PodWorker implements PodSyncContext {
  private readonly records = new Map<string, ContainerRecord>();
  private readonly inspect: InspectCache;
  private readonly pulls = new ImagePulls(this);
  private readonly restarts = new RestartBackoff(this);
  private readonly probes = new PodProbes(this);
  private readonly sandbox: PodSandbox;
  private readonly starter: ContainerStarter;
  private readonly status: PodStatusWriter;
  private volumes: PodVolumes | undefined;
  private volumesCheckedAt = 0;
  private syncing = false;
  private dirty = false;
  private wakeCancel: (() => void) | undefined;
  private finished = false;
  private removedFromApi = false;
  private readonly reported = new Set<string>();

  constructor(
    readonly ctx: KubeletContext,
    private pod: Pod,
    private readonly onFinished: (worker: PodWorker) => void,
  ) {
    this.inspect = new InspectCache(ctx.docker);
    this.sandbox = new PodSandbox(this, this.inspect, this.records);
    this.starter = new ContainerStarter(this, this.inspect, this.pulls, this.probes);
    this.status = new PodStatusWriter(ctx.api);
  }

  get uid(): string {
    return this.pod.metadata.uid ?? '';
  }

  get current(): Pod {
    return this.pod;
  }

  /** The running instance of a container (for logs, exec, port-forward), or the previous one. */
  instance(container: string, previous = false): ContainerInstance | undefined {
    const record = this.records.get(`c:${container}`) ?? this.records.get(`i:${container}`);
    return previous ? record?.previous : record?.current;
  }

  update(pod: Pod): void {
    this.pod = pod;
    this.kick();
  }

  /** The pod was removed from the API (force delete): kill its containers without waiting for a grace period. */
  removed(): void {
    this.removedFromApi = true;
    this.kick();
  }

  /** Stop all timers and probes (kubelet shutdown); containers keep running and are adopted on the next start. */
  stop(): void {
    this.finished = true;
    this.probes.stop();
    this.wakeCancel?.();
    this.wakeCancel = undefined;
  }

  kick(): void {
    if (this.finished) return;
    if (this.syncing) {
      this.dirty = true;
      return;
    }
    this.syncing = true;
    void this.loop();
  }

  wakeIn(ms: number): void {
    this.wakeCancel?.();
    this.wakeCancel = this.ctx.clock.after(ms, () => {
      this.wakeCancel = undefined;
      this.kick();
    });
  }

  event(type: EventType, reason: string, message: string, container?: string, init = false): void {
    this.ctx.api.recordEvent(podRef(this.pod, container, init), type, reason, message);
  }

  eventOnce(key: string, type: EventType, reason: string, message: string, container?: string): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.event(type, reason, message, container);
  }

  log(message: string): void {
    this.ctx.log(`pod ${this.pod.metadata.namespace ?? 'default'}/${this.pod.metadata.name}: ${message}`);
  }

  private async loop(): Promise<void> {
    do {
      this.dirty = false;
      try {
        await this.sync();
      } catch (error) {
        this.log(`sync failed: ${(error as Error).stack ?? String(error)}`);
        this.wakeIn(RETRY_MS);
      }
    } while (this.dirty && !this.finished);
    this.syncing = false;
  }

  private async sync(): Promise<void> {
    if (this.removedFromApi || this.pod.metadata.deletionTimestamp) return this.terminate();
    const found = await listPodContainers(this.ctx.docker, this.uid);
    await refreshRecords(this.records, this.pod, found, this.ctx.docker, this.inspect);
    this.sandbox.refresh(found.sandbox);
    const policy = this.pod.spec.restartPolicy ?? 'Always';
    const podIP = this.ctx.ips.allocate(this.uid);

    if (this.isTerminal()) {
      this.probes.stop();
      return this.pushStatus(podIP, true);
    }
    if (!this.volumes) {
      try {
        this.volumes = await prepareVolumes(this.pod, this.ctx.guest, this.ctx.api);
        this.volumesCheckedAt = this.ctx.clock.now();
      } catch (error) {
        if (!(error instanceof VolumeMountError)) throw error;
        this.event('Warning', 'FailedMount', error.message);
        this.wakeIn(RETRY_MS);
        return this.pushStatus(podIP, false);
      }
    } else if (this.ctx.clock.now() - this.volumesCheckedAt >= VOLUME_REFRESH_MS) {
      this.volumesCheckedAt = this.ctx.clock.now();
      await refreshVolumes(this.pod, this.volumes, this.ctx.guest, this.ctx.api).catch((error: unknown) =>
        this.event('Warning', 'FailedMount', `MountVolume.SetUp failed: ${String(error)}`),
      );
    }
    const resolvConf = await this.ctx.resolvConf(this.pod.metadata.namespace ?? 'default');
    const inits = this.pod.spec.initContainers ?? [];
    let network: PodNetwork = { kind: 'owner', network: this.ctx.podNetwork, ip: podIP };
    if (this.sandbox.needed()) {
      network = { kind: 'join', containerId: await this.sandbox.ensure(found.sandbox, podIP, resolvConf) };
    }

    let initDone = true;
    for (const spec of inits) {
      const outcome = await this.reconcile(spec, true, network, resolvConf, policy === 'Always' ? 'OnFailure' : policy);
      if (outcome !== 'succeeded') {
        initDone = false;
        break;
      }
    }
    if (initDone) {
      for (const [i, spec] of this.pod.spec.containers.entries()) {
        await this.reconcile(spec, false, this.sandbox.forContainer(network, i), resolvConf, policy);
      }
    }
    await this.pushStatus(podIP, initDone);
    if (!this.wakeCancel) this.wakeIn(RESYNC_MS);
  }

  private isTerminal(): boolean {
    const policy = this.pod.spec.restartPolicy ?? 'Always';
    if (policy === 'Always') return false;
    const phase = this.pod.status?.phase;
    return phase === 'Succeeded' || phase === 'Failed';
  }

  /** Move one container towards "running" (or "completed" for init containers / OnFailure / Never). */
  private async reconcile(
    spec: Container,
    init: boolean,
    network: PodNetwork,
    resolvConf: string,
    policy: 'Always' | 'OnFailure' | 'Never',
  ): Promise<Outcome> {
    const record = this.records.get(`${init ? 'i' : 'c'}:${spec.name}`)!;
    const current = record.current;
    const start = { init, network, resolvConf, volumes: this.volumes?.paths };
    if (current?.running) {
      record.waiting = undefined;
      this.probes.ensure(record, spec, current.id);
      return 'running';
    }
    if (current) {
      this.probes.stop(spec.name);
      const succeeded = current.exitCode === 0 && !current.neverStarted;
      const restart = policy === 'Always' || (policy === 'OnFailure' && !succeeded);
      if (!restart) {
        record.waiting = undefined;
        return succeeded ? 'succeeded' : 'failed';
      }
      if (!this.restarts.mayRestart(record, spec, current)) return 'waiting';
      await this.starter.start(record, spec, {
        ...start,
        attempt: current.attempt + 1,
        restartCount: record.restartCount + 1,
      });
      return record.current?.running ? 'running' : 'waiting';
    }
    await this.starter.start(record, spec, { ...start, attempt: 0, restartCount: 0 });
    return record.current?.running ? 'running' : 'waiting';
  }

  private async pushStatus(podIP: string, initDone: boolean): Promise<void> {
    if (this.removedFromApi) return;
    const records = [...this.records.values()];
    const status = podStatus({
      pod: this.pod,
      containers: this.pod.spec.containers.map((c) => records.find((r) => !r.init && r.name === c.name)!),
      initContainers: (this.pod.spec.initContainers ?? []).map((c) =>
        records.find((r) => r.init && r.name === c.name)!,
      ),
      initDone,
      podIP: this.sandbox.ownerId() || this.sandbox.id ? podIP : undefined,
      hostIP: this.ctx.hostIP,
      now: this.ctx.clock.now(),
    });
    await this.status.write(this.pod, status);
  }

  /** Graceful termination: SIGTERM, wait the grace period, SIGKILL, remove; then let the API forget the pod. */
  private async terminate(): Promise<void> {
    this.probes.stop();
    this.wakeCancel?.();
    this.wakeCancel = undefined;
    const found = await listPodContainers(this.ctx.docker, this.uid);
    const grace = this.removedFromApi
      ? 0
      : (this.pod.metadata.deletionGracePeriodSeconds ?? this.pod.spec.terminationGracePeriodSeconds ?? 30);
    const stops: Promise<void>[] = [];
    for (const [name, list] of found.byName) {
      for (const c of list) {
        if (c.State !== 'running') continue;
        this.event('Normal', 'Killing', `Stopping container ${name}`, name);
        stops.push(this.ctx.docker.stopContainer(c.Id, grace).catch(() => undefined));
      }
    }
    await Promise.all(stops);
    const all = [...found.sandbox, ...[...found.byName.values()].flat()];
    await Promise.all(all.map((c) => removeContainer(this.ctx.docker, this.inspect, c.Id).catch(() => undefined)));
    this.ctx.ips.release(this.uid);
    this.restarts.forget();
    this.pulls.forget();
    // Only pods with ConfigMap/Secret/emptyDir volumes have a directory; a guest process costs seconds of the guest's
    // CPU, which the replacement pod's start needs at this very moment.
    if ((this.pod.spec.volumes ?? []).some((v) => !v.hostPath)) {
      void this.ctx.guest.exec(['rm', '-rf', podDir(this.uid)]).catch(() => undefined);
    }
    this.finished = true;
    if (!this.removedFromApi) await this.ctx.api.removePod(this.pod);
    this.onFinished(this);
  }
}
