import { rfc3339 } from '../clock.js';
import { terminatedState, type ContainerRecord } from './container-record.js';
import type { KubeletApi } from './kubelet-api.js';
import type { Condition, ContainerState, ContainerStatus, Pod, PodStatus } from '../objects/index.js';

/** Status of one container as `kubectl get pod -o yaml` shows it. */
export function containerStatus(record: ContainerRecord): ContainerStatus {
  const { current, previous } = record;
  let state: ContainerState;
  let lastState: ContainerState = {};
  if (record.waiting) {
    state = { waiting: record.waiting };
    // While waiting to restart, the instance that just died is the "last" one.
    if (current && !current.running) lastState = { terminated: terminatedState(current) };
    else if (previous) lastState = { terminated: terminatedState(previous) };
  } else if (current?.running) {
    state = { running: { startedAt: current.startedAt } };
    if (previous) lastState = { terminated: terminatedState(previous) };
  } else if (current) {
    state = { terminated: terminatedState(current) };
    if (previous) lastState = { terminated: terminatedState(previous) };
  } else {
    state = { waiting: { reason: record.init ? 'PodInitializing' : 'ContainerCreating' } };
  }
  const status: ContainerStatus = {
    name: record.name,
    state,
    lastState,
    ready: Boolean(current?.running && record.ready && record.started && !record.waiting),
    restartCount: record.restartCount,
    image: record.image,
    imageID: current?.imageId ? `docker-pullable://${current.imageId}` : '',
    started: Boolean(current?.running && record.started),
  };
  if (current) status.containerID = `docker://${current.id}`;
  return status;
}

/** The pod phase from its containers (upstream kubelet's getPhase). */
export function podPhase(pod: Pod, statuses: ContainerStatus[], initDone: boolean): NonNullable<PodStatus['phase']> {
  if (!initDone) {
    const policy = pod.spec.restartPolicy ?? 'Always';
    const failedInit = (pod.status?.initContainerStatuses ?? []).some(
      (s) => s.state.terminated && s.state.terminated.exitCode !== 0,
    );
    return policy === 'Never' && failedInit ? 'Failed' : 'Pending';
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of statuses) {
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    }
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    const policy = pod.spec.restartPolicy ?? 'Always';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

export interface PodStatusInput {
  pod: Pod;
  containers: ContainerRecord[];
  initContainers: ContainerRecord[];
  initDone: boolean;
  podIP?: string;
  hostIP: string;
  now: number;
}

/** The whole pod status; condition transition times are kept from the previous status when nothing changed. */
export function podStatus(input: PodStatusInput): PodStatus {
  const { pod } = input;
  const containerStatuses = input.containers.map(containerStatus);
  const initContainerStatuses = input.initContainers.map(containerStatus);
  const old = pod.status ?? {};
  const phase = podPhase({ ...pod, status: { ...old, initContainerStatuses } }, containerStatuses, input.initDone);
  const notReady = containerStatuses.filter((s) => !s.ready).map((s) => s.name);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const containersReady = notReady.length === 0 && !terminal;
  const notReadyMessage = `containers with unready status: [${notReady.join(' ')}]`;
  const conditions: Condition[] = [
    condition(old, 'Initialized', input.initDone, input.now, input.initDone ? undefined : 'ContainersNotInitialized'),
    condition(
      old,
      'Ready',
      containersReady,
      input.now,
      containersReady ? undefined : terminal ? 'PodCompleted' : 'ContainersNotReady',
      containersReady || terminal ? undefined : notReadyMessage,
    ),
    condition(
      old,
      'ContainersReady',
      containersReady,
      input.now,
      containersReady ? undefined : terminal ? 'PodCompleted' : 'ContainersNotReady',
      containersReady || terminal ? undefined : notReadyMessage,
    ),
    old.conditions?.find((c) => c.type === 'PodScheduled') ?? {
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: pod.metadata.creationTimestamp ?? rfc3339(input.now),
    },
  ];
  const status: PodStatus = {
    ...old,
    phase,
    conditions,
    hostIP: input.hostIP,
    startTime: old.startTime ?? rfc3339(input.now),
    containerStatuses,
    qosClass: old.qosClass ?? qosClass(pod),
  };
  if (input.podIP) {
    status.podIP = input.podIP;
    status.podIPs = [{ ip: input.podIP }];
  }
  if (initContainerStatuses.length) status.initContainerStatuses = initContainerStatuses;
  else delete status.initContainerStatuses;
  return status;
}

function condition(
  old: PodStatus,
  type: string,
  ok: boolean,
  now: number,
  reason?: string,
  message?: string,
): Condition {
  const status = ok ? 'True' : 'False';
  const previous = old.conditions?.find((c) => c.type === type);
  const c: Condition = {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime:
      previous?.status === status && previous.lastTransitionTime ? previous.lastTransitionTime : rfc3339(now),
  };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

/** Guaranteed when every container has equal cpu+memory requests and limits, BestEffort with none, else Burstable. */
export function qosClass(pod: Pod): string {
  const all = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  const resources = all.map((c) => c.resources ?? {});
  if (resources.every((r) => !Object.keys(r.limits ?? {}).length && !Object.keys(r.requests ?? {}).length))
    return 'BestEffort';
  const guaranteed = resources.every((r) =>
    ['cpu', 'memory'].every(
      (k) => r.limits?.[k] !== undefined && String(r.requests?.[k] ?? r.limits[k]) === String(r.limits[k]),
    ),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Writes a pod's status through the kubelet's API port, only when it differs from the last one written. */
export class PodStatusWriter {
  private lastWritten = '';

  constructor(private readonly api: KubeletApi) {}

  async write(pod: Pod, status: PodStatus): Promise<void> {
    const text = JSON.stringify(status);
    if (text === this.lastWritten) return;
    await this.api.updatePodStatus(pod, status);
    this.lastWritten = text;
  }
}
