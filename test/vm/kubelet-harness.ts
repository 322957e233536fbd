// Shared by test/vm/kubelet.test.ts, test/vm/walkthrough.test.ts and the kubelet and walkthrough benches: the stack
// the VM worker starts (src/stack/): the real VM, the real registry (Docker Hub mirror for the guest's dockerd), the
// real object store and controllers, and the kubelet + service proxy on the guest.
import type { ControlPlane } from '../../src/cluster/control-plane.js';
import type { StorePort } from '../../src/cluster/machinery/store-port.js';
import type { KubeObject, Pod } from '../../src/cluster/objects/index.js';
import type { RunningNode } from '../../src/cluster/kubelet/start-node.js';
import type { ObjectStore } from '../../src/cluster/store/index.js';
import type { Stack } from '../../src/stack/stack.js';
import type { WharfVm } from '../../src/vm/index.js';
import { startTestStack } from './boot.js';

export interface KubeletHarness {
  stack: Stack;
  vm: WharfVm;
  store: ObjectStore;
  port: StorePort;
  cluster: ControlPlane;
  node: RunningNode;
  logs: string[];
  /** Run a shell command in the guest; resolves with stdout (throws with stderr on a non-zero exit). */
  sh(command: string, timeoutMs?: number): Promise<string>;
  /** Create through the API's defaults and validation (what kubectl create does). */
  create(resource: string, obj: object): Promise<KubeObject>;
  pod(name: string, namespace?: string): Pod | undefined;
  /** Poll the store until `check` passes for the pod (every status write is seen: watch, not sleep). */
  waitForPod(name: string, check: (pod: Pod) => boolean, timeoutMs: number, namespace?: string): Promise<Pod>;
  stop(): Promise<void>;
}

export async function startKubeletHarness(): Promise<KubeletHarness> {
  const logs: string[] = [];
  const log = (m: string) => {
    logs.push(m);
    if (process.env.WHARF_DEBUG) process.stderr.write(`[node] ${m}\n`);
  };
  const stack = await startTestStack(log, { traceDocker: Boolean(process.env.WHARF_DEBUG) });
  // Unlike the worker, which waits for the learner's first prompt, the tests want the node at once.
  const node = await stack.startNode().catch(async (error: unknown) => {
    await stack.stop();
    throw error;
  });
  const { vm, controlPlane: cluster } = stack;
  const store = cluster.store;
  const port = cluster.storePort;
  if (process.env.WHARF_DEBUG) {
    store.watch('events', {}, (e) => {
      const ev = e.object as unknown as { reason: string; message: string; involvedObject: { name: string } };
      log(`event ${ev.involvedObject.name} ${ev.reason}: ${ev.message}`);
    });
  }

  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  const harness: KubeletHarness = {
    stack,
    vm,
    store,
    port,
    cluster,
    node,
    logs,
    async sh(command, timeoutMs = 120_000) {
      const r = await vm.link.exec(['sh', '-c', command], { timeoutMs });
      if (r.exitCode !== 0) throw new Error(`\`${command}\` exited ${r.exitCode}: ${text(r.stderr)}${text(r.stdout)}`);
      return text(r.stdout);
    },
    create(resource, obj) {
      return port.create(resource, obj as KubeObject);
    },
    pod(name, namespace = 'default') {
      return store.get('pods', namespace, name) as unknown as Pod | undefined;
    },
    waitForPod(name, check, timeoutMs, namespace = 'default') {
      return new Promise<Pod>((resolve, reject) => {
        let last: Pod | undefined;
        const timer = setTimeout(() => {
          watch.dispose();
          reject(
            new Error(
              `pod ${name}: condition not met in ${timeoutMs} ms; last status: ${JSON.stringify(last?.status)}`,
            ),
          );
        }, timeoutMs);
        const watch = store.watch('pods', { namespace }, (e) => {
          const pod = e.object as unknown as Pod;
          if (pod.metadata.name !== name || e.type === 'DELETED') return;
          last = pod;
          if (check(pod)) {
            clearTimeout(timer);
            queueMicrotask(() => watch.dispose());
            resolve(pod);
          }
        });
      });
    },
    stop: () => stack.stop(),
  };
  return harness;
}

export const isReady = (pod: Pod): boolean =>
  pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/**
 * Resolves when `count` live pods labelled app=`app` are Ready, none of them in `exclude` (a store watch: every
 * status write is seen, no polling). Rejects after `timeoutMs`.
 */
export function allReady(
  h: KubeletHarness,
  app: string,
  count: number,
  { exclude = new Set<string>(), timeoutMs }: { exclude?: ReadonlySet<string>; timeoutMs: number },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const ready = new Set<string>();
    const timer = setTimeout(() => {
      watch.dispose();
      reject(new Error(`${app}: only ${ready.size}/${count} pods Ready after ${timeoutMs / 60_000} min`));
    }, timeoutMs);
    const watch = h.store.watch('pods', { namespace: 'default' }, (e) => {
      const pod = e.object as unknown as Pod;
      const uid = pod.metadata.uid ?? '';
      if (pod.metadata.labels?.app !== app || exclude.has(uid)) return;
      if (e.type !== 'DELETED' && isReady(pod) && !pod.metadata.deletionTimestamp) ready.add(uid);
      else ready.delete(uid);
      if (ready.size >= count) {
        clearTimeout(timer);
        queueMicrotask(() => watch.dispose());
        resolve();
      }
    });
  });
}

/** What the learner's bash sets up: root's home (kubeconfig), the workspace and the shells' GOGC. */
const TERMINAL_ENV = { HOME: '/root', GOGC: '400', TERM: 'dumb' };
const decoder = new TextDecoder();

/**
 * Run a shell command in the guest's workspace as the learner's terminal would (kubectl finds its kubeconfig);
 * resolves with stdout and stderr together, as a terminal shows them, and throws with them on a non-zero exit.
 */
export async function terminalSh(h: KubeletHarness, command: string, timeoutMs = 600_000): Promise<string> {
  // Progress for whoever watches a run of many minutes (WHARF_DEBUG=1).
  if (process.env.WHARF_DEBUG) process.stderr.write(`[terminal ${new Date().toISOString()}] $ ${command}\n`);
  // `exec 2>&1` first rather than a trailing `2>&1`, which would break a heredoc's terminator line.
  const r = await h.vm.link.exec(['sh', '-c', `exec 2>&1\n${command}`], {
    cwd: '/root/workspace',
    env: TERMINAL_ENV,
    timeoutMs,
  });
  const out = decoder.decode(r.stdout);
  if (r.exitCode !== 0) throw new Error(`\`${command}\` exited ${r.exitCode}:\n${out}`);
  return out;
}

export const waitingReason = (pod: Pod, container?: string): string | undefined =>
  pod.status?.containerStatuses?.find((s) => container === undefined || s.name === container)?.state.waiting?.reason;
