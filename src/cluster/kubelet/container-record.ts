import type { ContainerStateTerminated, ContainerStateWaiting } from '../objects/index.js';

/** What Docker says about one instance of a pod's container (from inspect). */
export interface ContainerInstance {
  id: string;
  attempt: number;
  running: boolean;
  /** Docker state `created`: it never started (e.g. the command was not found). */
  neverStarted: boolean;
  exitCode: number;
  oomKilled: boolean;
  error: string;
  startedAt?: string;
  finishedAt?: string;
  image: string;
  imageId: string;
}

/** The kubelet's view of one container of a pod: the latest instance plus what the kubelet itself decided. */
export interface ContainerRecord {
  name: string;
  image: string;
  init: boolean;
  /** The newest instance (highest attempt), if any was created. */
  current?: ContainerInstance;
  /** The instance before it, for `lastState` and `kubectl logs --previous`. */
  previous?: ContainerInstance;
  restartCount: number;
  /** A state the kubelet imposes (ErrImagePull, ImagePullBackOff, CrashLoopBackOff, CreateContainerConfigError...). */
  waiting?: ContainerStateWaiting;
  /** Readiness probe result (true when there is no readiness probe and the container runs). */
  ready: boolean;
  /** Startup probe passed (true when there is none and the container runs). */
  started: boolean;
}

/** `terminated` state for a stopped instance, with the kubelet's reasons. */
export function terminatedState(instance: ContainerInstance): ContainerStateTerminated {
  const reason = instance.oomKilled
    ? 'OOMKilled'
    : instance.neverStarted
      ? 'ContainerCannotRun'
      : instance.exitCode === 0
        ? 'Completed'
        : 'Error';
  const state: ContainerStateTerminated = {
    exitCode: instance.exitCode,
    reason,
    startedAt: instance.startedAt,
    finishedAt: instance.finishedAt,
    containerID: `docker://${instance.id}`,
  };
  if (instance.error) state.message = instance.error;
  return state;
}
