import { DockerApiError } from '../../docker/docker-error.js';
import { rfc3339 } from '../clock.js';
import type { ContainerSummary } from '../../docker/types.js';
import { containerConfig, type PodNetwork } from './container-config.js';
import type { ContainerInstance, ContainerRecord } from './container-record.js';
import { ContainerConfigError, resolveEnv } from './env.js';
import { InspectCache, listPodContainers } from './instances.js';
import type { Container, Pod } from '../objects/index.js';
import { podRef } from './kubelet-api.js';
import type { KubeletContext } from './kubelet-context.js';
import { containerName, LABELS, podLabels, SANDBOX_CONTAINER } from './names.js';
import { podStatus } from './pod-status.js';
import { ProbeWorker } from './probe-worker.js';
import { podDir, prepareVolumes, VolumeMountError, volumeBinds } from './volumes.js';

/** Re-check a pod this often even without events (missed Docker events, ConfigMaps that appeared, ...). */
const RESYNC_MS = 30_000;
/** Retry delay after a transient failure (volume not ready, config missing, Docker error). */
const RETRY_MS = 10_000;

type Outcome = 'running' | 'succeeded' | 'waiting' | 'failed';

/**
 * Drives one pod towards its spec, one sync at a time: pulls images, creates and starts the containers (first one
 * owns the pod's network namespace, or a sandbox does for multi-container pods), restarts crashed ones with
 * back-off, runs probes, writes the pod status, and tears everything down when the pod is deleted.
 *
 * Syncs are triggered by pod changes, Docker events for the pod's containers, probe results and timers; they never
 * overlap (a trigger during a sync just runs another sync afterwards).
 */
export class PodWorker {
  private readonly records = new Map<string, ContainerRecord>();
  private readonly inspect: InspectCache;
  private readonly probes = new Map<string, { instanceId: string; worker: ProbeWorker }>();
  private sandboxId: string | undefined;
  private volumes: Map<string, string> | undefined;
  private syncing = false;
  private dirty = false;
  private wakeCancel: (() => void) | undefined;
  private lastPushed = '';
  private finished = false;
  private removedFromApi = false;
  private readonly reported = new Set<string>();

  constructor(
    private readonly ctx: KubeletContext,
    private pod: Pod,
    private readonly onFinished: (worker: PodWorker) => void,
  ) {
    this.inspect = new InspectCache(ctx.docker);
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

  /** The container that owns the pod's network namespace. */
  networkOwnerId(): string | undefined {
    return this.sandboxId ?? this.records.get(`c:${this.pod.spec.containers[0]?.name}`)?.current?.id;
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
    this.stopProbes();
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

  private async loop(): Promise<void> {
    do {
      this.dirty = false;
      try {
        await this.sync();
      } catch (error) {
        this.ctx.log(`pod ${this.key()}: sync failed: ${(error as Error).stack ?? String(error)}`);
        this.wakeIn(RETRY_MS);
      }
    } while (this.dirty && !this.finished);
    this.syncing = false;
  }

  private key(): string {
    return `${this.pod.metadata.namespace ?? 'default'}/${this.pod.metadata.name}`;
  }

  private wakeIn(ms: number): void {
    this.wakeCancel?.();
    this.wakeCancel = this.ctx.clock.after(ms, () => {
      this.wakeCancel = undefined;
      this.kick();
    });
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string, container?: string, init = false): void {
    this.ctx.api.recordEvent(podRef(this.pod, container, init), type, reason, message);
  }

  /** Emit an event only once per `key` (e.g. per container instance), however often the sync sees the condition. */
  private eventOnce(
    key: string,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    container?: string,
  ): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.event(type, reason, message, container);
  }

  // ---------------------------------------------------------------------------------------------------------------
  private async sync(): Promise<void> {
    if (this.removedFromApi || this.pod.metadata.deletionTimestamp) return this.terminate();
    const found = await listPodContainers(this.ctx.docker, this.uid);
    await this.refresh(found);
    const policy = this.pod.spec.restartPolicy ?? 'Always';
    const podIP = this.ctx.ips.allocate(this.uid);

    if (this.isTerminal()) {
      this.stopProbes();
      return this.pushStatus(podIP, true);
    }
    if (!this.volumes) {
      try {
        this.volumes = await prepareVolumes(this.pod, this.ctx.guest, this.ctx.api);
      } catch (error) {
        if (!(error instanceof VolumeMountError)) throw error;
        this.event('Warning', 'FailedMount', error.message);
        this.wakeIn(RETRY_MS);
        return this.pushStatus(podIP, false);
      }
    }
    const resolvConf = await this.ctx.resolvConf(this.pod.metadata.namespace ?? 'default');
    const inits = this.pod.spec.initContainers ?? [];
    let network: PodNetwork = { kind: 'owner', network: this.ctx.podNetwork, ip: podIP };
    if (inits.length + this.pod.spec.containers.length > 1) {
      const sandbox = await this.ensureSandbox(found.sandbox, podIP, resolvConf);
      network = { kind: 'join', containerId: sandbox };
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
        // In a single-container pod the container owns the netns; with a sandbox every container joins it.
        const net: PodNetwork = network.kind === 'owner' && i > 0 ? this.joinFirst() : network;
        await this.reconcile(spec, false, net, resolvConf, policy);
      }
    }
    await this.pushStatus(podIP, initDone);
    if (!this.wakeCancel) this.wakeIn(RESYNC_MS);
  }

  private joinFirst(): PodNetwork {
    const owner = this.networkOwnerId();
    if (!owner) throw new Error('the pod network owner is not running');
    return { kind: 'join', containerId: owner };
  }

  /** Refresh every record from Docker's container list. */
  private async refresh(found: Awaited<ReturnType<typeof listPodContainers>>): Promise<void> {
    const specs: [Container, boolean][] = [
      ...(this.pod.spec.initContainers ?? []).map((c): [Container, boolean] => [c, true]),
      ...this.pod.spec.containers.map((c): [Container, boolean] => [c, false]),
    ];
    for (const [spec, init] of specs) {
      const key = `${init ? 'i' : 'c'}:${spec.name}`;
      const record: ContainerRecord = this.records.get(key) ?? {
        name: spec.name,
        image: spec.image,
        init,
        restartCount: 0,
        ready: false,
        started: false,
      };
      const list = found.byName.get(spec.name) ?? [];
      record.current = list[0] ? await this.inspect.get(list[0]) : undefined;
      record.previous = list[1] ? await this.inspect.get(list[1]) : undefined;
      if (list[0] && !this.records.has(key)) {
        // A kubelet restart: the restart count lives in the newest container's labels.
        record.restartCount = Number(list[0].Labels[LABELS.restartCount] ?? 0);
      }
      this.records.set(key, record);
      // Anything older than the previous instance is garbage (kubectl logs --previous needs only one).
      for (const stale of list.slice(2)) void this.removeContainer(stale.Id);
    }
    const sandbox = found.sandbox[0];
    this.sandboxId = sandbox && sandbox.State === 'running' ? sandbox.Id : undefined;
  }

  private isTerminal(): boolean {
    const policy = this.pod.spec.restartPolicy ?? 'Always';
    if (policy === 'Always') return false;
    const phase = this.pod.status?.phase;
    return phase === 'Succeeded' || phase === 'Failed';
  }

  // ---------------------------------------------------------------------------------------------------------------
  private async ensureSandbox(existing: ContainerSummary[], podIP: string, resolvConf: string): Promise<string> {
    if (this.sandboxId) return this.sandboxId;
    // A dead sandbox took the pod's network with it: containers joined to it must be recreated too.
    if (existing.length) {
      for (const record of this.records.values()) {
        if (record.current) await this.removeContainer(record.current.id);
        record.current = undefined;
      }
      for (const s of existing) await this.removeContainer(s.Id);
    }
    const image = this.ctx.sandboxImage;
    if (!(await this.ctx.puller.present(image))) await this.ctx.puller.pull(image);
    const name = containerName(this.pod, SANDBOX_CONTAINER, 0);
    const { Id } = await this.createContainer(name, {
      Image: image,
      Entrypoint: ['sleep'],
      Cmd: ['2147483647'],
      Hostname: this.pod.spec.hostname ?? this.pod.metadata.name,
      Labels: { ...podLabels(this.pod, SANDBOX_CONTAINER, 'podsandbox'), [LABELS.podIp]: podIP },
      HostConfig: {
        NetworkMode: this.ctx.podNetwork,
        RestartPolicy: { Name: 'no' },
        Binds: [`${resolvConf}:/etc/resolv.conf:ro`],
      },
      NetworkingConfig: { EndpointsConfig: { [this.ctx.podNetwork]: { IPAMConfig: { IPv4Address: podIP } } } },
    });
    await this.ctx.docker.startContainer(Id);
    this.sandboxId = Id;
    return Id;
  }

  // ---------------------------------------------------------------------------------------------------------------
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
    if (current?.running) {
      record.waiting = undefined;
      this.ensureProbes(record, spec, current.id);
      return 'running';
    }
    if (current) {
      this.stopProbes(spec.name);
      const succeeded = current.exitCode === 0 && !current.neverStarted;
      const restart = policy === 'Always' || (policy === 'OnFailure' && !succeeded);
      if (!restart) {
        record.waiting = undefined;
        return succeeded ? 'succeeded' : 'failed';
      }
      const backoffKey = `${this.uid}/${spec.name}`;
      // When the kubelet saw it die, on the kubelet's clock: the guest's clock (Docker's FinishedAt) drifts in the
      // emulator, and back-off arithmetic must not mix the two.
      let diedAt = this.deaths.get(current.id);
      if (diedAt === undefined) this.deaths.set(current.id, (diedAt = this.ctx.clock.now()));
      const wait = this.ctx.backoff.remaining(backoffKey, diedAt);
      if (wait > 0) {
        const delay = Math.round(this.ctx.backoff.delay(backoffKey) / 1000);
        record.waiting = {
          reason: 'CrashLoopBackOff',
          message: `back-off ${delay}s restarting failed container=${spec.name} pod=${this.pod.metadata.name}_${this.pod.metadata.namespace ?? 'default'}(${this.uid})`,
        };
        this.eventOnce(
          `backoff:${current.id}`,
          'Warning',
          'BackOff',
          'Back-off restarting failed container',
          spec.name,
        );
        this.wakeIn(wait);
        return 'waiting';
      }
      this.ctx.backoff.next(backoffKey);
      await this.start(record, spec, init, network, resolvConf, current.attempt + 1, record.restartCount + 1);
      return record.current?.running ? 'running' : 'waiting';
    }
    await this.start(record, spec, init, network, resolvConf, 0, 0);
    return record.current?.running ? 'running' : 'waiting';
  }

  private async start(
    record: ContainerRecord,
    spec: Container,
    init: boolean,
    network: PodNetwork,
    resolvConf: string,
    attempt: number,
    restartCount: number,
  ): Promise<void> {
    if (!(await this.ensureImage(record, spec, init))) return;
    let env: string[];
    let binds: string[];
    try {
      env = await resolveEnv(this.pod, spec, this.ctx.api, this.ctx.ips.allocate(this.uid), this.ctx.hostIP);
      binds = volumeBinds(this.pod, spec, this.volumes ?? new Map());
    } catch (error) {
      if (!(error instanceof ContainerConfigError || error instanceof VolumeMountError)) throw error;
      record.waiting = { reason: 'CreateContainerConfigError', message: error.message };
      this.event('Warning', 'Failed', `Error: ${error.message}`, spec.name, init);
      this.wakeIn(RETRY_MS);
      return;
    }
    const body = containerConfig({
      pod: this.pod,
      container: spec,
      env,
      binds,
      network,
      resolvConf,
      restartCount,
      init,
    });
    let id: string;
    try {
      id = (await this.createContainer(containerName(this.pod, spec.name, attempt), body)).Id;
    } catch (error) {
      if (!(error instanceof DockerApiError)) throw error;
      record.waiting = { reason: 'CreateContainerError', message: error.message };
      this.event('Warning', 'Failed', `Error: ${error.message}`, spec.name, init);
      this.wakeIn(RETRY_MS);
      return;
    }
    this.event('Normal', 'Created', `Created container ${spec.name}`, spec.name, init);
    record.restartCount = restartCount;
    record.waiting = undefined;
    record.ready = false;
    record.started = false;
    let started = false;
    try {
      await this.ctx.docker.startContainer(id);
      started = true;
    } catch (error) {
      if (error instanceof DockerApiError) {
        this.event(
          'Warning',
          'Failed',
          `Error: failed to start container "${spec.name}": ${error.message}`,
          spec.name,
          init,
        );
      } else {
        // No answer in time (a start can take minutes on a loaded machine): dockerd may well have started it, so
        // ask Docker below instead of failing the sync and trying to create the container again.
        this.ctx.log(`pod ${this.key()}: starting ${spec.name}: ${(error as Error).message}`);
      }
    }
    // Fresh state; the previous instance moves down.
    if (record.current) record.previous = record.current;
    if (started) {
      // Docker said 204: the container runs. Its state is known without another list + inspect (each costs
      // seconds while the guest starts other containers); a quick death arrives as a Docker event and is
      // inspected then. The start time is the kubelet's clock, as for back-off (the guest's clock drifts).
      record.current = this.inspect.seed(id, 'running', {
        id,
        attempt,
        running: true,
        neverStarted: false,
        exitCode: 0,
        oomKilled: false,
        error: '',
        startedAt: rfc3339(this.ctx.clock.now()),
        image: spec.image,
        imageId: this.imageIds.get(spec.image) ?? (await this.ctx.puller.local(spec.image))?.Id ?? '',
      });
    } else {
      const summary = (await this.ctx.docker.listContainers({ all: true, filters: { id: [id] } }))[0];
      record.current = summary ? await this.inspect.get(summary) : undefined;
    }
    if (record.current?.running) {
      this.event('Normal', 'Started', `Started container ${spec.name}`, spec.name, init);
      this.ensureProbes(record, spec, id);
    }
  }

  /** Pull the image if the policy says so; false (with the waiting reason set) when the container cannot start yet. */
  private async ensureImage(record: ContainerRecord, spec: Container, init: boolean): Promise<boolean> {
    const image = spec.image;
    const policy = spec.imagePullPolicy ?? (/:latest$|^[^:@]+$|\/[^:@]+$/.test(image) ? 'Always' : 'IfNotPresent');
    const local = await this.ctx.puller.local(image);
    const present = local !== undefined;
    if (policy === 'Never' && !present) {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      record.waiting = { reason: 'ErrImageNeverPull', message };
      this.event('Warning', 'ErrImageNeverPull', message, spec.name, init);
      this.wakeIn(RETRY_MS);
      return false;
    }
    // `Always` asks the registry again only for images that came from one (they have RepoDigests): an image built
    // or loaded in this dockerd is newer than anything a registry could have, and re-pulling a preloaded 100 MB image
    // layer by layer through the emulated network would take minutes.
    const fromRegistry = (local?.RepoDigests?.length ?? 0) > 0;
    const needPull = !present || (policy === 'Always' && fromRegistry && !this.ctx.puller.fresh(image));
    if (!needPull) {
      if (local) this.imageIds.set(image, local.Id);
      this.event('Normal', 'Pulled', `Container image "${image}" already present on machine`, spec.name, init);
      return true;
    }
    const pullKey = `pull/${this.uid}/${spec.name}`;
    const failedAt = this.pullFailedAt.get(spec.name) ?? 0;
    const wait = this.ctx.backoff.remaining(pullKey, failedAt);
    if (wait > 0) {
      record.waiting = { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` };
      this.event('Normal', 'BackOff', `Back-off pulling image "${image}"`, spec.name, init);
      this.event('Warning', 'Failed', 'Error: ImagePullBackOff', spec.name, init);
      this.wakeIn(wait);
      return false;
    }
    this.event('Normal', 'Pulling', `Pulling image "${image}"`, spec.name, init);
    try {
      this.imageIds.delete(image);
      const ms = await this.ctx.puller.pull(image);
      this.ctx.backoff.reset(pullKey);
      this.pullFailedAt.delete(spec.name);
      this.event(
        'Normal',
        'Pulled',
        `Successfully pulled image "${image}" in ${(ms / 1000).toFixed(3)}s`,
        spec.name,
        init,
      );
      return true;
    } catch (error) {
      if (!(error instanceof DockerApiError)) throw error;
      const message = `rpc error: code = Unknown desc = Error response from daemon: ${error.message}`;
      record.waiting = { reason: 'ErrImagePull', message };
      this.event('Warning', 'Failed', `Failed to pull image "${image}": ${message}`, spec.name, init);
      this.event('Warning', 'Failed', 'Error: ErrImagePull', spec.name, init);
      this.ctx.backoff.next(pullKey);
      this.pullFailedAt.set(spec.name, this.ctx.clock.now());
      // Show ErrImagePull now; the next sync (after the back-off) reports ImagePullBackOff while it waits.
      this.wakeIn(1_000);
      return false;
    }
  }

  private readonly pullFailedAt = new Map<string, number>();
  /** Image IDs seen by `ensureImage`, for the status of a container just started (no second inspection). */
  private readonly imageIds = new Map<string, string>();
  private readonly deaths = new Map<string, number>();

  private async createContainer(name: string, body: Parameters<KubeletContext['docker']['createContainer']>[1]) {
    try {
      return await this.ctx.docker.createContainer(name, body);
    } catch (error) {
      // A leftover with the same name (a create that raced a kubelet restart): replace it.
      if (!(error instanceof DockerApiError) || !error.conflict) throw error;
      await this.ctx.docker.removeContainer(name, { force: true });
      return this.ctx.docker.createContainer(name, body);
    }
  }

  private async removeContainer(id: string): Promise<void> {
    try {
      await this.ctx.docker.removeContainer(id, { force: true });
    } catch (error) {
      if (!(error instanceof DockerApiError && (error.notFound || error.conflict))) throw error;
    }
    this.inspect.forget(id);
  }

  // ---------------------------------------------------------------------------------------------------------------
  private ensureProbes(record: ContainerRecord, spec: Container, instanceId: string): void {
    const existing = this.probes.get(spec.name);
    if (existing?.instanceId === instanceId) {
      Object.assign(record, existing.worker.state);
      return;
    }
    existing?.worker.stop();
    const worker = new ProbeWorker(
      this.ctx.clock,
      {
        docker: this.ctx.docker,
        guest: this.ctx.guest,
        containerId: instanceId,
        container: spec,
        podIP: this.ctx.ips.allocate(this.uid),
      },
      {
        changed: (state) => {
          Object.assign(record, state);
          this.kick();
        },
        failed: (kind, result) =>
          this.event('Warning', 'Unhealthy', `${kind} probe failed: ${result.message}`, spec.name),
        kill: (kind) => void this.killForProbe(spec, instanceId, kind),
      },
    );
    this.probes.set(spec.name, { instanceId, worker });
    Object.assign(record, worker.state);
    worker.start();
  }

  private async killForProbe(spec: Container, instanceId: string, kind: string): Promise<void> {
    this.event(
      'Normal',
      'Killing',
      `Container ${spec.name} failed ${kind.toLowerCase()} probe, will be restarted`,
      spec.name,
    );
    const grace = this.pod.spec.terminationGracePeriodSeconds ?? 30;
    await this.ctx.docker.stopContainer(instanceId, grace).catch(() => undefined);
    this.kick();
  }

  private stopProbes(container?: string): void {
    for (const [name, probe] of this.probes) {
      if (container !== undefined && name !== container) continue;
      probe.worker.stop();
      this.probes.delete(name);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
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
      podIP: this.networkOwnerId() || this.sandboxId ? podIP : undefined,
      hostIP: this.ctx.hostIP,
      now: this.ctx.clock.now(),
    });
    const text = JSON.stringify(status);
    if (text === this.lastPushed) return;
    await this.ctx.api.updatePodStatus(this.pod, status);
    this.lastPushed = text;
  }

  /** Graceful termination: SIGTERM, wait the grace period, SIGKILL, remove; then let the API forget the pod. */
  private async terminate(): Promise<void> {
    this.stopProbes();
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
    await Promise.all(all.map((c) => this.removeContainer(c.Id).catch(() => undefined)));
    this.ctx.ips.release(this.uid);
    this.ctx.backoff.forget(`${this.uid}/`);
    this.ctx.backoff.forget(`pull/${this.uid}/`);
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
