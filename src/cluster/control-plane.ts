/**
 * The control plane in one call: the object store, the API's resource registry and REST handler, and the control
 * loops (every controller and the scheduler, unless `controllers` picks some or none), seeded like a fresh
 * single-node cluster. The node side is not started here: the stack (`startStack`, src/stack/stack.ts, which the VM
 * worker and the VM tests start) serves `connectionHandler` on the guest-facing port 6443, starts the kubelet and
 * service proxy on `storePort` (`startNode()`, kubelet/start-node.ts) and hands their PodRuntime back with
 * `setPodRuntime`. The kubectl tests serve the handler on a localhost port, with the kubelet's stand-in.
 */
import { createHttpServer, type HttpHandler } from '../http/index.js';
import type { ConnectionHandler } from '../protocol/byte-stream.js';
import { createApiHandler, type ApiServerOptions } from './api/handler.js';
import { ResourceRegistry } from './api/resource-registry.js';
import { seedCluster } from './api/seed.js';
import { ClusterClient } from './client/cluster-client.js';
import { registryStorePort } from './client/registry-store-port.js';
import { realClock, type Clock } from './clock.js';
import { startControllers, type ControllerName, type RunningControllers } from './controllers/index.js';
import type { StorePort } from './machinery/store-port.js';
import type { PodRuntime } from './kubelet/pod-runtime.js';
import { ObjectStore } from './store/index.js';

export interface ControlPlaneOptions {
  /** @default realClock */
  clock?: Clock;
  /** Random source for names, cluster IPs, node ports (seed it for reproducible tests). @default Math.random */
  random?: () => number;
  /** The node's name (the guest's hostname). @default "wharf" */
  nodeName?: string;
  /** Create a static Ready Node (when no kubelet registers one). @default true */
  seedNode?: boolean;
  /** Which control loops to run; `[]` runs none (a bare API server). @default all of them */
  controllers?: readonly ControllerName[];
  /** The kubelet's pod I/O for pods/log, pods/exec and pods/portforward (or later, with `setPodRuntime`). */
  podRuntime?: PodRuntime;
  /** @see ApiServerOptions.serverAddress */
  serverAddress?: string;
  /** Change events kept for watch resumption. @default 5000 */
  historyLimit?: number;
  log?: ApiServerOptions['log'];
}

export interface ControlPlane {
  store: ObjectStore;
  registry: ResourceRegistry;
  client: ClusterClient;
  /**
   * The store as the control loops see it, and the node side too (kubelet, service proxy): creates go through the
   * API's defaults, admission and validation.
   */
  storePort: StorePort;
  /** The REST API as an HTTP handler (e.g. to mount in another server). */
  handler: HttpHandler;
  /** Serve one connection (the host network's port 6443 handler). */
  connectionHandler: ConnectionHandler;
  controllers?: RunningControllers;
  /** Attach the kubelet's pod I/O once it exists. */
  setPodRuntime(runtime: PodRuntime | undefined): void;
  stop(): void;
}

export function createControlPlane(options: ControlPlaneOptions = {}): ControlPlane {
  const clock = options.clock ?? realClock;
  const random = options.random ?? Math.random;
  const store = new ObjectStore({ now: () => clock.now(), historyLimit: options.historyLimit });
  const registry = new ResourceRegistry(store, { clock, random });
  seedCluster(registry, { nodeName: options.nodeName, seedNode: options.seedNode });
  let podRuntime = options.podRuntime;
  const handler = createApiHandler(registry, {
    serverAddress: options.serverAddress,
    podRuntime: () => podRuntime,
    log: options.log,
  });
  const storePort = registryStorePort(registry);
  const names = options.controllers;
  const controllers =
    names && names.length === 0
      ? undefined
      : startControllers(storePort, { clock, random, nodeName: options.nodeName, only: names });
  return {
    store,
    registry,
    client: new ClusterClient(registry),
    storePort,
    handler,
    connectionHandler: createHttpServer(handler),
    controllers,
    setPodRuntime(runtime) {
      podRuntime = runtime;
    },
    stop() {
      controllers?.stop();
    },
  };
}
