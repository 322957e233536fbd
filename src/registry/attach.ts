import type { Disposable } from '../protocol/byte-stream.js';
import { HOST_PORTS, type HostNetwork } from '../protocol/network.js';
import { registryConnectionHandler } from './http-handler.js';
import type { Registry } from './registry.js';

/**
 * Serve the registry on the VM's host network: the guest's dockerd reaches it at 192.168.86.1:5000 (its Docker Hub
 * mirror and insecure registry) and as localhost:5000 (forwarded in the guest).
 */
export function attachRegistry(
  network: HostNetwork,
  registry: Registry,
  options: { port?: number; onError?: (e: unknown) => void } = {},
): Disposable {
  return network.listen(options.port ?? HOST_PORTS.registry, registryConnectionHandler(registry, options));
}
