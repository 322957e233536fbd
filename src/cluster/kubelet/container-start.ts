import { DockerApiError } from '../../docker/docker-error.js';
import { rfc3339 } from '../clock.js';
import type { Container } from '../objects/index.js';
import { containerConfig, type PodNetwork } from './container-config.js';
import type { ContainerRecord } from './container-record.js';
import { ContainerConfigError, resolveEnv } from './env.js';
import type { ImagePulls } from './image-pulls.js';
import { createContainer, type InspectCache } from './instances.js';
import { containerName } from './names.js';
import type { PodProbes } from './pod-probes.js';
import { RETRY_MS, type PodSyncContext } from './pod-sync-context.js';
import { VolumeMountError, volumeBinds } from './volumes.js';

/** How one instance of a container starts. */
export interface StartOptions {
  init: boolean;
  network: PodNetwork;
  /** Guest path of the pod's resolv.conf. */
  resolvConf: string;
  /** The pod's prepared volumes (volume name -> guest path). */
  volumes: Map<string, string> | undefined;
  /** Docker name suffix: one more than the instance this one replaces. */
  attempt: number;
  restartCount: number;
}

/**
 * Starts a new instance of one of a pod's containers: its image by the pull policy, its environment and volume
 * binds (a missing ConfigMap or Secret is CreateContainerConfigError), then Docker's create and start, with the
 * events `kubectl describe pod` shows, and its probes once it runs.
 */
export class ContainerStarter {
  constructor(
    private readonly pod: PodSyncContext,
    private readonly inspect: InspectCache,
    private readonly pulls: ImagePulls,
    private readonly probes: PodProbes,
  ) {}

  async start(record: ContainerRecord, spec: Container, options: StartOptions): Promise<void> {
    const { init, network, resolvConf, attempt, restartCount } = options;
    const { ctx } = this.pod;
    if (!(await this.pulls.ensure(record, spec, init))) return;
    let env: string[];
    let binds: string[];
    try {
      env = await resolveEnv(this.pod.current, spec, ctx.api, ctx.ips.allocate(this.pod.uid), ctx.hostIP);
      binds = volumeBinds(this.pod.current, spec, options.volumes ?? new Map());
    } catch (error) {
      if (!(error instanceof ContainerConfigError || error instanceof VolumeMountError)) throw error;
      record.waiting = { reason: 'CreateContainerConfigError', message: error.message };
      this.pod.event('Warning', 'Failed', `Error: ${error.message}`, spec.name, init);
      this.pod.wakeIn(RETRY_MS);
      return;
    }
    const body = containerConfig({
      pod: this.pod.current,
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
      id = (await createContainer(ctx.docker, containerName(this.pod.current, spec.name, attempt), body)).Id;
    } catch (error) {
      if (!(error instanceof DockerApiError)) throw error;
      record.waiting = { reason: 'CreateContainerError', message: error.message };
      this.pod.event('Warning', 'Failed', `Error: ${error.message}`, spec.name, init);
      this.pod.wakeIn(RETRY_MS);
      return;
    }
    this.pod.event('Normal', 'Created', `Created container ${spec.name}`, spec.name, init);
    record.restartCount = restartCount;
    record.waiting = undefined;
    record.ready = false;
    record.started = false;
    let started = false;
    try {
      await ctx.docker.startContainer(id);
      started = true;
    } catch (error) {
      if (error instanceof DockerApiError) {
        this.pod.event(
          'Warning',
          'Failed',
          `Error: failed to start container "${spec.name}": ${error.message}`,
          spec.name,
          init,
        );
      } else {
        // No answer in time (a start can take minutes on a loaded machine): dockerd may well have started it, so
        // ask Docker below instead of failing the sync and trying to create the container again.
        this.pod.log(`starting ${spec.name}: ${(error as Error).message}`);
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
        startedAt: rfc3339(ctx.clock.now()),
        image: spec.image,
        imageId: this.pulls.knownImageId(spec.image) ?? (await ctx.puller.local(spec.image))?.Id ?? '',
      });
    } else {
      const summary = (await ctx.docker.listContainers({ all: true, filters: { id: [id] } }))[0];
      record.current = summary ? await this.inspect.get(summary) : undefined;
    }
    if (record.current?.running) {
      this.pod.event('Normal', 'Started', `Started container ${spec.name}`, spec.name, init);
      this.probes.ensure(record, spec, id);
    }
  }
}
