/**
 * When the Kubernetes node may start. Its start is guest work on the guest's one CPU (the pod network, the service
 * rules, the cluster DNS server), and a learner's first command typed beside it took several times as long (in
 * Chromium a first `docker ps` 10 s, against 3 s for the emulator alone: docs/benchmarks.md). So the node waits for
 * the first of:
 * - the learner being idle (no command running, the terminals quiet for a moment: LearnerActivity);
 * - something needing it: a lesson that uses Kubernetes, a pod created (`kubectl run`, `apply`), `needed()`;
 * - `maxWaitMs` after the wait began, so a learner who never pauses still gets a cluster.
 */
export type NodeStartReason = 'idle' | 'needed' | 'waited';

export interface NodeStartGateOptions {
  /** Resolves once the learner is idle. */
  idle: () => Promise<void>;
  maxWaitMs: number;
  setTimer?: (callback: () => void, ms: number) => () => void;
}

export interface NodeStartGate {
  /** Resolves with why the node may start now. */
  readonly open: Promise<NodeStartReason>;
  /** Something needs the node: open at once. */
  needed(): void;
  /**
   * Stop waiting (the VM is going away): `open` rejects with `reason`, so whatever waits for the node (a lesson's
   * set-up) is told, as it is when a node that already started loses its VM, instead of waiting forever.
   */
  dispose(reason: Error): void;
}

const defaultTimer = (callback: () => void, ms: number) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

export function nodeStartGate(options: NodeStartGateOptions): NodeStartGate {
  let resolveOpen!: (reason: NodeStartReason) => void;
  let rejectOpen!: (error: Error) => void;
  // The first of open and dispose wins: a promise settles once.
  const open = new Promise<NodeStartReason>((resolve, reject) => {
    resolveOpen = resolve;
    rejectOpen = reject;
  });
  const clearTimer = (options.setTimer ?? defaultTimer)(() => resolveOpen('waited'), options.maxWaitMs);
  options.idle().then(
    () => resolveOpen('idle'),
    () => undefined,
  );
  void open.then(clearTimer, () => undefined);
  return {
    open,
    needed: () => resolveOpen('needed'),
    dispose: (reason) => {
      clearTimer();
      rejectOpen(reason);
    },
  };
}
