import type { Disposable } from '../protocol/byte-stream.js';
import type { GuestLink } from '../protocol/guest-link.js';
import type { LessonPorts, StackPortsOptions } from '../lessons/index.js';
import type { BootPhase, OpenPort } from '../protocol/worker-api.js';

/**
 * What the playground needs from the VM runtime (src/vm): start it, reach the guest, learn that it died. The
 * composition root (src/worker.ts) adapts the real runtime to this; tests hand in a stand-in.
 */
export interface VmInstance {
  readonly guest: GuestLink;
  stop(): Promise<void>;
  /** The emulator stopped by itself (crash, out of memory) — not called for stop(). */
  onStopped(listener: (reason: string) => void): void;
  /**
   * A terminal shows its shell: start the work that waited for it (the warm-up, the Kubernetes node), which would
   * otherwise share the guest's one CPU with the login shell and delay the first prompt. Called often; acts once.
   */
  shellShown?(): void;
  /** Ports published by host-side services (the cluster's NodePort/LoadBalancer Services). */
  openPorts?(): OpenPort[];
  /** What lesson checks read on this VM's stack, fed with the playground's quiz answers and change notices. */
  lessonPorts?(feeds: StackPortsOptions): LessonPorts;
  /** Resolves once the Kubernetes node is ready, starting it now if it still waits for the first prompt. */
  kubernetesReady?(): Promise<void>;
}

export interface LaunchProgress {
  phase: BootPhase;
  message: string;
  loaded?: number;
  total?: number;
}

export type VmLauncher = (options: {
  assetBase: string;
  onProgress(progress: LaunchProgress): void;
  /** Resolves when the learner is not using a terminal: background work waits for it between its steps. */
  learnerIdle(): Promise<void>;
  /** The learner sent a line to a terminal: background work that slows their command should stop now. */
  onLearnerCommand(listener: () => void): Disposable;
}) => Promise<{ vm: VmInstance; restored: boolean; warmingUp?: boolean }>;
