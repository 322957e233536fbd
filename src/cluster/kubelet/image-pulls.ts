import { DockerApiError } from '../../docker/docker-error.js';
import type { Container } from '../objects/index.js';
import type { ContainerRecord } from './container-record.js';
import { RETRY_MS, type PodSyncContext } from './pod-sync-context.js';

/**
 * A pod's images by `imagePullPolicy` (default `Always` for `:latest` or untagged images, else `IfNotPresent`), with
 * upstream's events, `ErrImagePull` when a pull fails and `ImagePullBackOff` while the pull back-off runs.
 */
export class ImagePulls {
  /** When each container's last pull failed, on the kubelet's clock. */
  private readonly failedAt = new Map<string, number>();
  /** Image IDs seen by `ensure`, for the status of a container just started (no second inspection). */
  private readonly imageIds = new Map<string, string>();

  constructor(private readonly pod: PodSyncContext) {}

  /** Pull the image if the policy says so; false (with the waiting reason set) when the container cannot start yet. */
  async ensure(record: ContainerRecord, spec: Container, init: boolean): Promise<boolean> {
    const { ctx } = this.pod;
    const image = spec.image;
    const policy = spec.imagePullPolicy ?? (/:latest$|^[^:@]+$|\/[^:@]+$/.test(image) ? 'Always' : 'IfNotPresent');
    const local = await ctx.puller.local(image);
    const present = local !== undefined;
    if (policy === 'Never' && !present) {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      record.waiting = { reason: 'ErrImageNeverPull', message };
      this.pod.event('Warning', 'ErrImageNeverPull', message, spec.name, init);
      this.pod.wakeIn(RETRY_MS);
      return false;
    }
    // `Always` asks the registry again only for images that came from one (they have RepoDigests): an image built
    // or loaded in this dockerd is newer than anything a registry could have, and re-pulling a preloaded 100 MB image
    // layer by layer through the emulated network would take minutes.
    const fromRegistry = (local?.RepoDigests?.length ?? 0) > 0;
    const needPull = !present || (policy === 'Always' && fromRegistry && !ctx.puller.fresh(image));
    if (!needPull) {
      if (local) this.imageIds.set(image, local.Id);
      this.pod.event('Normal', 'Pulled', `Container image "${image}" already present on machine`, spec.name, init);
      return true;
    }
    const pullKey = `pull/${this.pod.uid}/${spec.name}`;
    const failedAt = this.failedAt.get(spec.name) ?? 0;
    const wait = ctx.backoff.remaining(pullKey, failedAt);
    if (wait > 0) {
      record.waiting = { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` };
      this.pod.event('Normal', 'BackOff', `Back-off pulling image "${image}"`, spec.name, init);
      this.pod.event('Warning', 'Failed', 'Error: ImagePullBackOff', spec.name, init);
      this.pod.wakeIn(wait);
      return false;
    }
    this.pod.event('Normal', 'Pulling', `Pulling image "${image}"`, spec.name, init);
    try {
      this.imageIds.delete(image);
      const ms = await ctx.puller.pull(image);
      ctx.backoff.reset(pullKey);
      this.failedAt.delete(spec.name);
      this.pod.event(
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
      this.pod.event('Warning', 'Failed', `Failed to pull image "${image}": ${message}`, spec.name, init);
      this.pod.event('Warning', 'Failed', 'Error: ErrImagePull', spec.name, init);
      ctx.backoff.next(pullKey);
      this.failedAt.set(spec.name, ctx.clock.now());
      // Show ErrImagePull now; the next sync (after the back-off) reports ImagePullBackOff while it waits.
      this.pod.wakeIn(1_000);
      return false;
    }
  }

  /** The ID of `image` when `ensure` saw it (for the status of a container just started from it). */
  knownImageId(image: string): string | undefined {
    return this.imageIds.get(image);
  }

  /** Drop the pod's pull back-offs (the pod is gone). */
  forget(): void {
    this.pod.ctx.backoff.forget(`pull/${this.pod.uid}/`);
  }
}
