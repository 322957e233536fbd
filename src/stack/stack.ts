import { createControlPlane, type ControlPlane, type ControlPlaneOptions } from '../cluster/control-plane.js';
import type { ClusterClient } from '../cluster/client/index.js';
import { startNode, type RunningNode } from '../cluster/kubelet/start-node.js';
import { DockerClient } from '../docker/docker-client.js';
import { HOST_PORTS } from '../protocol/network.js';
import { attachRegistry, type Registry } from '../registry/index.js';
import { startVm, type VmStartOptions, type WharfVm } from '../vm/index.js';

/** The guest's dockerd: the Docker Engine API the kubelet runs pods with, reached through the guest link. */
const DOCKER_SOCKET = '/var/run/docker.sock';

export interface StackOptions {
  /** The VM: where its build's files come from, how it boots, its warm-up and its events (src/vm's `startVm`). */
  vm: VmStartOptions;
  /**
   * Opens the image registry the guest's dockerd pulls from and pushes to (192.168.86.1:5000); called once the VM is
   * up. The registry may outlive the stack (the worker keeps one for its life, so pushed images survive a reset):
   * `stop()` only takes it off the VM's network. None, or undefined: `docker pull` and `docker push` fail.
   */
  registry?: () => Promise<Registry | undefined>;
  /** The control plane's clock, random source, controllers and log. */
  controlPlane?: ControlPlaneOptions;
  /** What the registry and the node (kubelet, service proxy; with `traceDocker` each Docker call) report. */
  log: (line: string) => void;
  /** Log every Docker API call with its status and duration (debugging). @default false */
  traceDocker?: boolean;
}

/** One VM with everything Wharf runs beside it, as the worker and the VM tests use it. */
export interface Stack {
  vm: WharfVm;
  /** The registry on the VM's host network, when one was opened. */
  registry: Registry | undefined;
  /** API server, store, controllers and scheduler, served to the guest on 192.168.86.1:6443. */
  controlPlane: ControlPlane;
  /**
   * Host-side reads of the cluster (writes too) with kubectl's semantics and no HTTP in between: for whatever runs
   * beside the cluster, such as the planned lesson checks and cluster view.
   */
  cluster: ClusterClient;
  /** The guest dockerd's Engine API: the client the kubelet runs pods with. */
  docker: DockerClient;
  /** The node, once `startNode()` has started it. */
  readonly node: RunningNode | undefined;
  /**
   * Start the node: the kubelet (pods as Docker containers) and the service proxy. Both run guest processes on the
   * guest's one CPU, so the caller picks the moment (the worker: once the learner's first prompt is on screen).
   * Called again, it returns the same node; a node that finishes starting after `stop()` is stopped at once.
   */
  startNode(): Promise<RunningNode>;
  /** Stop the node and the control plane, take the registry off the VM's network, and destroy the VM. */
  stop(): Promise<void>;
}

/**
 * Compose the whole stack: the VM, the registry and the control plane on its host network, a Docker client on the
 * guest's dockerd, and (on `startNode()`) the node. The one place these are wired together: the VM worker
 * (src/worker.ts), the VM test harness and the benches all start it, so what the tests measure is what runs.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { log } = options;
  const vm = await startVm(options.vm);
  const disposers: (() => void)[] = [];
  let registry: Registry | undefined;
  try {
    registry = await options.registry?.();
  } catch (error) {
    await vm.destroy();
    throw error;
  }
  if (registry) {
    const attached = attachRegistry(vm.network, registry, { onError: (e) => log(`registry: ${String(e)}`) });
    disposers.push(() => attached.dispose());
  }

  // A fresh cluster per VM: its state lives here and in the guest's Docker, both new with each VM.
  const controlPlane = createControlPlane(options.controlPlane);
  const api = vm.network.listen(HOST_PORTS.kubernetesApi, controlPlane.connectionHandler);
  disposers.push(
    () => api.dispose(),
    () => controlPlane.stop(),
  );
  const docker = new DockerClient(() => vm.link.connect({ unix: DOCKER_SOCKET }), {
    trace: options.traceDocker ? (line) => log(`docker ${line}`) : undefined,
  });

  let node: RunningNode | undefined;
  let starting: Promise<RunningNode> | undefined;
  let stopped = false;
  return {
    vm,
    registry,
    controlPlane,
    cluster: controlPlane.client,
    docker,
    get node() {
      return node;
    },
    startNode() {
      starting ??= startNode({ guest: vm.link, store: controlPlane.storePort, docker, log }).then((started) => {
        if (stopped) started.stop();
        else {
          node = started;
          controlPlane.setPodRuntime(started.runtime);
        }
        return started;
      });
      return starting;
    },
    async stop() {
      stopped = true;
      node?.stop();
      for (const dispose of disposers) dispose();
      await vm.destroy();
    },
  };
}
