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
import type { LaunchProgress, VmInstance, VmLauncher } from './worker/vm-launcher.js';
import type { OpenPort } from './protocol/worker-api.js';

const here = (path: string) => new URL(path, self.location.href).href;
const log = (message: string) => console.debug(`[wharf] ${message}`);
/** Start the node and the warm-up this long after the VM is up even if no terminal has shown a prompt. */
const BACKGROUND_FALLBACK_MS = 8_000;
/** The node waits for a quiet terminal at most this long (src/worker/node-start-gate.ts). */
const NODE_START_MAX_WAIT_MS = 20_000;
/**
 * The browser runs the guest in v86's interpreter. v86's JIT hands every hot guest page to V8 as a wasm module, and
 * V8 recompiles each hot one with its optimising tier on background threads: Chromium's V8 took 5.7x Node 20's time
 * for the same modules, so on two cores those compiles took the emulator's CPU, and v86, which compiles one module at
 * a time, waited behind them for most of each command. Measured in one run (docs/benchmarks.md, "Where the
 * browser's time went"): a warm `docker run` 19-30 s with the JIT, 8 s without; a first `docker ps` 8.8 s against
 * 2.8 s. Node keeps the JIT (its compiles are cheap enough to pay off).
 */
const BROWSER_DISABLES_JIT = true;

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

const launch: VmLauncher = async ({ assetBase, onProgress, learnerIdle }) => {
  const stoppedListeners: ((reason: string) => void)[] = [];
  let destroyed = false;
  // A fresh stack per VM (its cluster state lives here and in the guest's Docker, both new after a reset); the
  // registry is the worker's, shared by every VM it starts.
  const stack = await startStack({
    vm: {
      assets: urlAssets(here(assetBase), here(wasmUrl)),
      warmUp: 'manual',
      disableJit: BROWSER_DISABLES_JIT,
      onEvent: (event) => {
        // Start-up timings in the console (the bench prints them): where the seconds before the prompt go.
        if (event.type === 'ready' || event.type === 'warm') log(`vm ${event.type} after ${event.ms} ms`);
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
    vm.warmUp(learnerIdle);
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
      await stack.stop();
    },
    onStopped: (listener) => void stoppedListeners.push(listener),
    shellShown: startBackground,
    openPorts: () => nodePorts(stack.controlPlane.store.list('services').items),
    lessonPorts: (feeds) => lessonPortsFromStack(stack, feeds),
    kubernetesReady: () => {
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
