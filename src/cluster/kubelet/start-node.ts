import type { GuestLink } from '../../protocol/guest-link.js';
import { realClock, type Clock } from '../clock.js';
import type { StorePort } from '../machinery/store-port.js';
import { ServiceProxy } from '../proxy/service-proxy.js';
import { Kubelet, type KubeletOptions } from './kubelet.js';
import type { PodRuntime } from './pod-runtime.js';
import { storeKubeletApi } from './store-kubelet-api.js';

export interface NodeOptions extends Omit<KubeletOptions, 'api' | 'guest'> {
  guest: GuestLink;
  /** The control plane's store, as the controllers see it. */
  store: StorePort;
  clock?: Clock;
}

export interface RunningNode {
  kubelet: Kubelet;
  proxy: ServiceProxy;
  /** For the API server's pods/log, pods/exec and pods/portforward. */
  runtime: PodRuntime;
  stop(): void;
}

/**
 * Everything node-side in one call for the composition root: the kubelet (pods as Docker containers) and the
 * service proxy (ClusterIP/NodePort/LoadBalancer rules and cluster DNS), both in the guest behind `guest`.
 */
export async function startNode(options: NodeOptions): Promise<RunningNode> {
  const clock = options.clock ?? realClock;
  const kubelet = new Kubelet({ ...options, clock, api: storeKubeletApi(options.store, clock) });
  const proxy = new ServiceProxy({
    guest: options.guest,
    store: options.store,
    clock,
    clusterDNS: options.clusterDNS,
    podCIDR: options.podCIDR,
    clusterDomain: options.clusterDomain,
    nodeIP: options.hostIP,
    log: options.log,
  });
  // The proxy's guest setup (one process) and the kubelet's Docker calls overlap.
  await Promise.all([kubelet.start(), proxy.start()]);
  return {
    kubelet,
    proxy,
    runtime: kubelet.runtime,
    stop: () => {
      kubelet.stop();
      proxy.stop();
    },
  };
}
