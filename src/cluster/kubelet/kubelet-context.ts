import type { DockerClient } from '../../docker/docker-client.js';
import type { GuestLink } from '../../protocol/guest-link.js';
import type { Clock } from '../clock.js';
import type { Backoff } from './backoff.js';
import type { ImagePuller } from './image-puller.js';
import type { IpAllocator } from './ip-allocator.js';
import type { KubeletApi } from './kubelet-api.js';

/** What every pod worker shares: the guest, Docker, the API port and node-wide bookkeeping. */
export interface KubeletContext {
  docker: DockerClient;
  guest: GuestLink;
  api: KubeletApi;
  clock: Clock;
  backoff: Backoff;
  puller: ImagePuller;
  ips: IpAllocator;
  /** The node's IP (status.hostIP). */
  hostIP: string;
  /** The Docker network pods join (a bridge with the pod CIDR). */
  podNetwork: string;
  /** Image of the sandbox container that holds the network of multi-container pods. */
  sandboxImage: string;
  /** Guest path of the resolv.conf for pods of `namespace` (written on first use). */
  resolvConf(namespace: string): Promise<string>;
  log(message: string): void;
}
