import type { ConnectionHandler, Disposable } from './byte-stream.js';

/**
 * The host side of the VM's virtual network. The guest reaches the host at {@link HOST_IP}; host-side services
 * (Kubernetes API server, registry, DNS) register a handler for one TCP port and get each guest-initiated connection.
 */
export interface HostNetwork {
  listen(port: number, handler: ConnectionHandler): Disposable;
}

/** The address the guest sees for the host (v86's fetch adapter router). */
export const HOST_IP = '192.168.86.1';
/** The guest's own address on that network. */
export const GUEST_IP = '192.168.86.100';

/** Well-known host-side ports, shared by the image build (kubeconfig, daemon.json) and the services. */
export const HOST_PORTS = {
  /** Kubernetes API server (plain HTTP: TLS would cost the emulated kubectl seconds per call). */
  kubernetesApi: 6443,
  /** OCI distribution registry (insecure, also Docker Hub's mirror). */
  registry: 5000,
} as const;
