import { DockerClient } from '../../docker/docker-client.js';
import { DockerApiError } from '../../docker/docker-error.js';
import type { GuestLink } from '../../protocol/guest-link.js';
import { GUEST_IP } from '../../protocol/network.js';
import { realClock, type Clock } from '../clock.js';
import { Backoff } from './backoff.js';
import { ImagePuller } from './image-puller.js';
import { IpAllocator } from './ip-allocator.js';
import type { KubeletApi } from './kubelet-api.js';
import type { KubeletContext } from './kubelet-context.js';
import type { Pod } from '../objects/index.js';
import { LABELS, podKey } from './names.js';
import { gatherNodeFacts, nodeObject, type NodeFacts } from './node-status.js';
import { DockerPodRuntime } from './docker-pod-runtime.js';
import type { PodRuntime } from './pod-runtime.js';
import { PodWorker } from './pod-worker.js';

export interface KubeletOptions {
  guest: GuestLink;
  api: KubeletApi;
  /** @default a client on the guest's /var/run/docker.sock */
  docker?: DockerClient;
  /** @default "wharf" */
  nodeName?: string;
  /** The node's IP (status.hostIP, node InternalIP). @default 192.168.86.100 */
  hostIP?: string;
  /** @default "10.244.0.0/16" */
  podCIDR?: string;
  /** Docker network for pods. @default "k8s-pods" */
  podNetwork?: string;
  /** Linux bridge behind the pod network (what `ip addr` in the guest shows). @default "cni0" */
  bridgeName?: string;
  /** @default "10.96.0.10" */
  clusterDNS?: string;
  /** @default "cluster.local" */
  clusterDomain?: string;
  /** Image for the sandbox of multi-container pods. @default "busybox" */
  sandboxImage?: string;
  clock?: Clock;
  log?: (message: string) => void;
  /** Log every Docker API call with its status and duration (debugging). @default false */
  traceDocker?: boolean;
}

const HEARTBEAT_MS = 60_000;
const ORPHAN_SWEEP_MS = 15_000;

/**
 * The node agent: runs the pods bound to this node as Docker containers in the guest and reports their status.
 * State lives in Docker (names and labels), so a restarted kubelet adopts the containers it finds.
 */
export class Kubelet {
  readonly docker: DockerClient;
  readonly runtime: PodRuntime;
  private readonly ctx: KubeletContext;
  private readonly workers = new Map<string, PodWorker>();
  private readonly nodeName: string;
  private readonly disposers: (() => void)[] = [];
  private readonly resolvConfs = new Map<string, Promise<string>>();
  private facts: NodeFacts | undefined;
  private readySince = 0;
  private stopped = false;

  constructor(private readonly options: KubeletOptions) {
    const clock = options.clock ?? realClock;
    const guest = options.guest;
    const log = options.log ?? ((m: string) => console.warn(`kubelet: ${m}`));
    this.docker =
      options.docker ??
      new DockerClient(() => guest.connect({ unix: '/var/run/docker.sock' }), {
        trace: options.traceDocker ? (line) => log(`docker ${line}`) : undefined,
      });
    this.nodeName = options.nodeName ?? 'wharf';
    this.ctx = {
      docker: this.docker,
      guest,
      api: options.api,
      clock,
      backoff: new Backoff(clock),
      puller: new ImagePuller(this.docker, clock),
      ips: new IpAllocator(options.podCIDR ?? '10.244.0.0/16'),
      hostIP: options.hostIP ?? GUEST_IP,
      podNetwork: options.podNetwork ?? 'k8s-pods',
      sandboxImage: options.sandboxImage ?? 'busybox',
      resolvConf: (ns) => this.resolvConf(ns),
      log,
    };
    this.runtime = new DockerPodRuntime(
      this.docker,
      guest,
      (ns, name) => this.workers.get(podKey(ns, name)),
      (worker) => worker.current.status?.podIP,
    );
  }

  /** Set up the pod network, register the node, adopt existing containers and start watching pods. */
  async start(): Promise<void> {
    await this.waitForDocker();
    await this.ensurePodNetwork();
    this.facts = await gatherNodeFacts(this.docker, (p) => this.ctx.guest.readFile(p), {
      name: this.nodeName,
      hostIP: this.ctx.hostIP,
      podCIDR: this.options.podCIDR ?? '10.244.0.0/16',
    });
    this.readySince = this.ctx.clock.now();
    await this.heartbeat();
    await this.adopt();
    await this.watchDocker();
    const watch = this.ctx.api.watchPods(this.nodeName, (type, pod) => this.onPod(type, pod));
    this.disposers.push(() => watch.dispose());
    this.disposers.push(this.ctx.clock.after(ORPHAN_SWEEP_MS, () => void this.sweepOrphans()));
  }

  stop(): void {
    this.stopped = true;
    for (const dispose of this.disposers.splice(0)) dispose();
    for (const worker of this.workers.values()) worker.stop();
    this.workers.clear();
  }

  /** Pods currently handled (namespace/name), for tests and lesson checks. */
  pods(): string[] {
    return [...this.workers.keys()];
  }

  private onPod(type: string, pod: Pod): void {
    const key = podKey(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '');
    const worker = this.workers.get(key);
    if (type === 'DELETED') {
      if (worker && worker.uid === pod.metadata.uid) worker.removed();
      return;
    }
    if (worker && worker.uid !== pod.metadata.uid) {
      // Same name, new pod (deleted and recreated): the old worker finishes on its own.
      worker.removed();
      this.workers.delete(key);
    } else if (worker) {
      return worker.update(pod);
    }
    const fresh = new PodWorker(this.ctx, pod, (w) => {
      if (this.workers.get(key) === w) this.workers.delete(key);
    });
    this.workers.set(key, fresh);
    fresh.kick();
  }

  /** After a cold boot dockerd needs half a minute before its socket exists; a restored snapshot has it at once. */
  private async waitForDocker(timeoutMs = 300_000): Promise<void> {
    const deadline = this.ctx.clock.now() + timeoutMs;
    for (;;) {
      try {
        if (await this.docker.ping()) return;
      } catch (error) {
        if (this.ctx.clock.now() > deadline) {
          throw new Error(`Docker did not answer: ${(error as Error).message}`, { cause: error });
        }
      }
      await new Promise<void>((resolve) => this.ctx.clock.after(1_000, resolve));
    }
  }

  private async ensurePodNetwork(): Promise<void> {
    const name = this.ctx.podNetwork;
    const existing = await this.docker.listNetworks({ name: [name] });
    if (existing.some((n) => n.Name === name)) return;
    const cidr = this.options.podCIDR ?? '10.244.0.0/16';
    const gateway = cidr.replace(/\.0\/\d+$/, '.1');
    await this.docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      CheckDuplicate: true,
      IPAM: { Config: [{ Subnet: cidr, Gateway: gateway }] },
      Options: { 'com.docker.network.bridge.name': this.options.bridgeName ?? 'cni0' },
      Labels: { 'io.kubernetes.network': 'pods' },
    });
  }

  /** Reserve the IPs of pods that already run (a kubelet restart must not hand them out again). */
  private async adopt(): Promise<void> {
    const containers = await this.docker.listContainers({ all: true, filters: { label: [LABELS.podUid] } });
    for (const c of containers) {
      const ip = c.Labels[LABELS.podIp];
      const uid = c.Labels[LABELS.podUid];
      if (ip && uid) this.ctx.ips.reserve(ip, uid);
    }
  }

  /** Docker events for pod containers wake their pod's worker (a crash is noticed at once, without polling). */
  private async watchDocker(): Promise<void> {
    if (this.stopped) return;
    const events = await this.docker.events({ type: ['container'], label: [LABELS.podUid] }, (event) => {
      if (!['die', 'start', 'oom', 'destroy'].includes(event.Action)) return;
      const uid = event.Actor.Attributes[LABELS.podUid];
      for (const worker of this.workers.values()) if (worker.uid === uid) worker.kick();
    });
    this.disposers.push(() => events.close());
    void events.ended.then(() => {
      // dockerd restarted or the link dropped: resubscribe, and resync every pod in case events were missed.
      if (this.stopped) return;
      this.ctx.clock.after(2_000, () => {
        void this.watchDocker()
          .then(() => this.workers.forEach((w) => w.kick()))
          .catch((e: Error) => this.ctx.log(`docker events: ${e.message}`));
      });
    });
  }

  /** Containers of pods that no longer exist (deleted while the kubelet was down) are removed. */
  private async sweepOrphans(): Promise<void> {
    if (this.stopped) return;
    const known = new Set([...this.workers.values()].map((w) => w.uid));
    const containers = await this.docker.listContainers({ all: true, filters: { label: [LABELS.podUid] } });
    for (const c of containers) {
      const uid = c.Labels[LABELS.podUid];
      if (!uid || known.has(uid)) continue;
      await this.docker.removeContainer(c.Id, { force: true }).catch((e: unknown) => {
        if (!(e instanceof DockerApiError)) throw e;
      });
      this.ctx.ips.release(uid);
    }
  }

  private async heartbeat(): Promise<void> {
    if (this.stopped || !this.facts) return;
    try {
      await this.ctx.api.updateNode(nodeObject(this.facts, this.ctx.clock.now(), this.readySince));
    } catch (error) {
      this.ctx.log(`node status: ${(error as Error).message}`);
    }
    const cancel = this.ctx.clock.after(HEARTBEAT_MS, () => void this.heartbeat());
    this.disposers.push(cancel);
  }

  private resolvConf(namespace: string): Promise<string> {
    let pending = this.resolvConfs.get(namespace);
    if (!pending) {
      const domain = this.options.clusterDomain ?? 'cluster.local';
      const path = `/var/lib/kubelet/dns/${namespace}/resolv.conf`;
      const text =
        `nameserver ${this.options.clusterDNS ?? '10.96.0.10'}\n` +
        `search ${namespace}.svc.${domain} svc.${domain} ${domain}\n` +
        'options ndots:5\n';
      pending = this.ctx.guest.writeFile(path, text).then(() => path);
      pending.catch(() => this.resolvConfs.delete(namespace));
      this.resolvConfs.set(namespace, pending);
    }
    return pending;
  }
}
