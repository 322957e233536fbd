// Composition root of the VM worker: the stack (src/stack/: the real VM runtime, the image registry and the
// Kubernetes control plane on the VM's host network, the node) in the browser, the browser's storage and the
// playground services, exposed to the page as ONE Comlink API (src/protocol/worker-api.ts). The emulator runs here,
// never on the page.
import * as Comlink from 'comlink';
import wasmUrl from 'v86/build/v86.wasm?url';
import { urlAssets } from './vm/index.js';
import type { VmEvent } from './protocol/vm-events.js';
import { FetchBlobSource, Registry } from './registry/index.js';
import { kubernetesJsonSchema } from './cluster/api/openapi/schema.js';
import { startStack } from './stack/stack.js';
import { lessonPortsFromStack, loadLessons } from './lessons/index.js';
import { PlaygroundApi } from './worker/playground-api.js';
import { IdbWorkspaceStore } from './worker/idb-workspace-store.js';
import { IdbOpenedPackStore } from './worker/opened-pack-store.js';
import { webLocksWriter } from './worker/writer-lock.js';
import { nodeStartGate, type NodeStartGate } from './worker/node-start-gate.js';
import { BROWSER_JIT } from './worker/browser-jit.js';
import type { LaunchProgress, VmInstance, VmLauncher } from './worker/vm-launcher.js';
import type { OpenPort } from './protocol/worker-api.js';

const here = (path: string) => new URL(path, self.location.href).href;
const log = (message: string) => console.debug(`[wharf] ${message}`);
/** Start the node and the warm-up this long after the VM is up even if no terminal has shown a prompt. */
const BACKGROUND_FALLBACK_MS = 8_000;
/** The node waits for a quiet terminal at most this long (src/worker/node-start-gate.ts). */
const NODE_START_MAX_WAIT_MS = 20_000;

// One registry for the worker's life: curated images are read from /images/ on demand (Range requests, cached by
// the service worker); images the learner pushes survive a VM reset.
let registry: Promise<Registry> | undefined;
const openRegistry = () =>
  // fetch is wrapped: a stored reference called as a method (this.fetchFn(...)) throws "Illegal invocation".
  (registry ??= Registry.open({
    curated: new FetchBlobSource(here('/images/'), (input, init) => fetch(input, init)),
  }).catch((error: unknown) => {
    registry = undefined;
    throw error;
  }));

const launch: VmLauncher = async ({ assetBase, onProgress, learnerIdle, onLearnerCommand }) => {
  const stoppedListeners: ((reason: string) => void)[] = [];
  let destroyed = false;
  /** What the JIT compiled and the disk read so far, for the log. */
  let vmCounts = () => '';
  // A fresh stack per VM (its cluster state lives here and in the guest's Docker, both new after a reset); the
  // registry is the worker's, shared by every VM it starts.
  const stack = await startStack({
    vm: {
      assets: urlAssets(here(assetBase), here(wasmUrl)),
      warmUp: 'manual',
      // The JIT compiles during the warm-up only, while the learner reads (src/worker/browser-jit.ts).
      ...BROWSER_JIT,
      log,
      onEvent: (event) => {
        // Start-up timings in the console (the bench prints them): where the seconds before the prompt go.
        if (event.type === 'ready' || event.type === 'warm') log(`vm ${event.type} after ${event.ms} ms`);
        // What the JIT compiled so far (it compiles during the warm-up only, up to its budget: browser-jit.ts).
        if (event.type === 'warming' || event.type === 'warm')
          log(`warm-up step ${event.type === 'warming' ? `${event.step} of ${event.of}` : 'done'}: ${vmCounts()}`);
        const progress = toProgress(event);
        if (progress) onProgress(progress);
        if (event.type === 'crashed' && !destroyed) for (const l of stoppedListeners) l(event.reason);
      },
    },
    registry: async () => {
      const registryStarted = performance.now();
      const images = await openRegistry().catch((error: unknown) => {
        log(`no curated images (${String(error)}): docker pull will fail`);
        return undefined;
      });
      log(`registry open in ${Math.round(performance.now() - registryStarted)} ms`);
      return images;
    },
    controlPlane: { log },
    log,
  });
  const { vm } = stack;
  vmCounts = () => {
    const disk = vm.diskStats();
    return (
      `${vm.jitStats().modules} modules; disk: ${disk.reads} reads (${(disk.bytesRead / 2 ** 20).toFixed(0)} MiB), ` +
      `${disk.hits} guest reads from memory, ${disk.misses} waited`
    );
  };
  // The JIT compiles during warm-up steps only, and not even then once the learner starts a command (browser-jit.ts).
  const learnerCommand = onLearnerCommand(() => vm.pauseJit());

  // The node side and the warm-up run guest processes on the guest's one CPU: they wait until the learner's first
  // shell shows its prompt (or a while, for a page with no terminal), then run in the background; the node also
  // waits for the learner's first commands to finish unless something needs it (node-start-gate.ts).
  let backgroundStarted = false;
  let nodeReady: Promise<void> | undefined;
  let gate: NodeStartGate | undefined;
  // A pod created (kubectl run, apply, a Deployment's controller) needs the node now.
  const podWatch = stack.controlPlane.store.watch('pods', {}, (event) => {
    if (event.type === 'ADDED') gate?.needed();
  });
  const startBackground = () => {
    if (backgroundStarted || destroyed) return;
    backgroundStarted = true;
    clearTimeout(fallback);
    log('starting the warm-up; the Kubernetes node once the terminal is quiet');
    gate = nodeStartGate({ idle: learnerIdle, maxWaitMs: NODE_START_MAX_WAIT_MS });
    if (stack.controlPlane.store.list('pods').items.length > 0) gate.needed();
    onProgress({ phase: 'node-queued', message: 'The Kubernetes node starts when the terminal is quiet' });
    let nodeStarted = performance.now();
    const node = (nodeReady = gate.open.then((reason) => {
      log(`starting the Kubernetes node (${reason})`);
      nodeStarted = performance.now();
      onProgress({ phase: 'node', message: 'Starting the Kubernetes node' });
      return stack.startNode().then(() => undefined);
    }));
    // The node goes first: a lesson may wait for it, and its 10-20 s of set-up took 83 s beside the warm-up's
    // compiles. Each warm-up step waits for the learner to be idle and the node to be up (or to have failed).
    const nodeSettled = node.catch(() => undefined);
    vm.warmUp(async () => {
      await learnerIdle();
      await nodeSettled;
    });
    node.then(
      () => {
        const seconds = ((performance.now() - nodeStarted) / 1000).toFixed(1);
        log(`kubernetes node ready after ${seconds} s`);
        onProgress({ phase: 'node-ready', message: `Kubernetes node ready in ${seconds} s` });
      },
      (error: unknown) => {
        log(`kubelet did not start: ${String(error)}`);
        onProgress({ phase: 'node-failed', message: `The Kubernetes node did not start: ${String(error)}` });
      },
    );
  };
  const fallback = setTimeout(startBackground, BACKGROUND_FALLBACK_MS);

  const instance: VmInstance = {
    guest: vm.link,
    async stop() {
      destroyed = true;
      clearTimeout(fallback);
      gate?.dispose(new Error('the VM was stopped'));
      podWatch.dispose();
      learnerCommand.dispose();
      await stack.stop();
    },
    onStopped: (listener) => void stoppedListeners.push(listener),
    shellShown: startBackground,
    openPorts: () => nodePorts(stack.controlPlane.store.list('services').items),
    lessonPorts: (feeds) => lessonPortsFromStack(stack, feeds),
    kubernetesReady: () => {
      log('a lesson waits for the Kubernetes node');
      startBackground();
      gate?.needed();
      return nodeReady ?? Promise.reject(new Error('the VM is stopping'));
    },
  };
  return { vm: instance, restored: vm.manifest.snapshot !== undefined, warmingUp: vm.willWarmUp() };
};

interface ServiceLike {
  metadata?: { name?: string; namespace?: string };
  spec?: { type?: string; ports?: { nodePort?: number }[] };
}

/** NodePort/LoadBalancer Services, labelled like kubectl names them, for the preview pane. */
function nodePorts(services: readonly unknown[]): OpenPort[] {
  const out: OpenPort[] = [];
  for (const svc of services as ServiceLike[]) {
    if (svc.spec?.type !== 'NodePort' && svc.spec?.type !== 'LoadBalancer') continue;
    const ns = svc.metadata?.namespace;
    const label = `service/${svc.metadata?.name ?? '?'}${ns && ns !== 'default' ? ` -n ${ns}` : ''}`;
    for (const p of svc.spec.ports ?? []) if (p.nodePort) out.push({ port: p.nodePort, label });
  }
  return out;
}

function toProgress(event: VmEvent): LaunchProgress | undefined {
  switch (event.type) {
    case 'download':
      return {
        phase: 'download',
        message: `Downloading ${event.file}`,
        loaded: event.loaded,
        total: event.total || undefined,
      };
    case 'restore':
      return { phase: 'restore', message: 'Restoring the pre-booted VM' };
    case 'boot':
      return { phase: 'boot', message: 'Booting Linux (no snapshot yet: this takes a while)' };
    case 'ready':
      return { phase: 'connect', message: 'The guest answered' };
    case 'warming':
      return { phase: 'warming', message: 'Warming up Docker and kubectl', loaded: event.step, total: event.of };
    case 'warm':
      return { phase: 'warm', message: `Docker warmed up in ${(event.ms / 1000).toFixed(1)} s` };
    default:
      return undefined;
  }
}

// The lessons of lessons/ (top level), bundled as text and validated once: a broken one is listed with its errors.
const lessonFiles = import.meta.glob<string>('../lessons/**/*', { query: '?raw', import: 'default', eager: true });
const lessons = loadLessons(
  Object.fromEntries(Object.entries(lessonFiles).map(([path, text]) => [path.replace(/^\.\.\//, ''), text])),
);

Comlink.expose(
  new PlaygroundApi(
    launch,
    new IdbWorkspaceStore(),
    kubernetesJsonSchema,
    webLocksWriter(),
    lessons,
    new IdbOpenedPackStore(),
  ),
);
