import type { DockerClient } from '../../docker/docker-client.js';
import { DockerApiError } from '../../docker/docker-error.js';
import type { ImageInspect } from '../../docker/types.js';
import type { Clock } from '../clock.js';

/**
 * Pulls images through the guest's dockerd, once per image at a time: three replicas of one Deployment starting
 * together share one pull. `imagePullPolicy: Always` re-pulls, but not again within `freshMs` (a pull costs
 * seconds in the emulated guest, and an image pulled moments ago cannot be staler than the registry).
 */
export class ImagePuller {
  private readonly inFlight = new Map<string, Promise<number>>();
  private readonly pulledAt = new Map<string, number>();
  private readonly inspected = new Map<string, { at: number; result: Promise<ImageInspect | undefined> }>();

  /**
   * @param localMs how long an image inspection answers for every pod: the replicas of a Deployment start together,
   *   and one `docker image inspect` costs seconds while the guest is busy creating their containers.
   */
  constructor(
    private readonly docker: DockerClient,
    private readonly clock: Clock,
    private readonly freshMs = 60_000,
    private readonly localMs = 5_000,
  ) {}

  /** The local image, or undefined when dockerd does not have it (shared by callers within `localMs`). */
  local(image: string): Promise<ImageInspect | undefined> {
    const hit = this.inspected.get(image);
    if (hit && this.clock.now() - hit.at < this.localMs) return hit.result;
    const result = this.docker.inspectImage(image).then(
      (info): ImageInspect | undefined => info,
      (error: unknown) => {
        if (error instanceof DockerApiError && error.notFound) return undefined;
        this.inspected.delete(image);
        throw error;
      },
    );
    this.inspected.set(image, { at: this.clock.now(), result });
    return result;
  }

  async present(image: string): Promise<boolean> {
    return (await this.local(image)) !== undefined;
  }

  /** True when this image was pulled by us within the freshness window. */
  fresh(image: string): boolean {
    const at = this.pulledAt.get(image);
    return at !== undefined && this.clock.now() - at < this.freshMs;
  }

  /** Pull (joining a pull already running for the same image); resolves with the time it took in ms. */
  pull(image: string): Promise<number> {
    const running = this.inFlight.get(image);
    if (running) return running;
    const started = this.clock.now();
    const pull = this.docker
      .pullImage(image)
      .then(() => {
        this.pulledAt.set(image, this.clock.now());
        this.inspected.delete(image);
        return this.clock.now() - started;
      })
      .finally(() => this.inFlight.delete(image));
    this.inFlight.set(image, pull);
    return pull;
  }
}
