import { describe, expect, it } from 'vitest';
import type { ContainerInstance, ContainerRecord } from './container-record.js';
import type { Pod } from '../objects/index.js';
import { containerStatus, podStatus, qosClass } from './pod-status.js';

const pod = (restartPolicy: Pod['spec']['restartPolicy'] = 'Always'): Pod => ({
  metadata: { name: 'p', namespace: 'default', uid: 'u', creationTimestamp: '2021-01-01T00:00:00Z' },
  spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy },
});
const instance = (over: Partial<ContainerInstance>): ContainerInstance => ({
  id: 'abc',
  attempt: 0,
  running: false,
  neverStarted: false,
  exitCode: 0,
  oomKilled: false,
  error: '',
  startedAt: '2021-01-01T00:00:01Z',
  finishedAt: '2021-01-01T00:00:02Z',
  image: 'busybox',
  imageId: 'busybox@sha256:1',
  ...over,
});
const record = (over: Partial<ContainerRecord>): ContainerRecord => ({
  name: 'c',
  image: 'busybox',
  init: false,
  restartCount: 0,
  ready: true,
  started: true,
  ...over,
});
const status = (p: Pod, r: ContainerRecord) =>
  podStatus({
    pod: p,
    containers: [r],
    initContainers: [],
    initDone: true,
    podIP: '10.244.0.2',
    hostIP: '192.168.86.100',
    now: Date.UTC(2021, 0, 1, 0, 1),
  });

describe('pod status', () => {
  it('is Pending with ContainerCreating before the container exists', () => {
    const s = status(pod(), record({}));
    expect(s.phase).toBe('Pending');
    expect(s.containerStatuses?.[0]?.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(s.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
    });
  });

  it('is Running and Ready once the container runs', () => {
    const s = status(pod(), record({ current: instance({ running: true }) }));
    expect(s.phase).toBe('Running');
    expect(s.podIP).toBe('10.244.0.2');
    expect(s.containerStatuses?.[0]).toMatchObject({
      ready: true,
      started: true,
      state: { running: { startedAt: '2021-01-01T00:00:01Z' } },
    });
    expect(s.conditions?.map((c) => [c.type, c.status])).toEqual([
      ['Initialized', 'True'],
      ['Ready', 'True'],
      ['ContainersReady', 'True'],
      ['PodScheduled', 'True'],
    ]);
  });

  it('shows CrashLoopBackOff with the last termination, and stays Running under restartPolicy Always', () => {
    const s = status(
      pod(),
      record({
        restartCount: 3,
        current: instance({ exitCode: 1 }),
        waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' },
      }),
    );
    expect(s.phase).toBe('Running');
    expect(s.containerStatuses?.[0]).toMatchObject({
      ready: false,
      restartCount: 3,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error' } },
    });
  });

  it('ends Succeeded or Failed when nothing will restart', () => {
    expect(status(pod('Never'), record({ current: instance({ exitCode: 0 }) })).phase).toBe('Succeeded');
    const failed = status(pod('Never'), record({ current: instance({ exitCode: 137, oomKilled: true }) }));
    expect(failed.phase).toBe('Failed');
    expect(failed.containerStatuses?.[0]?.state.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(failed.conditions?.find((c) => c.type === 'Ready')?.reason).toBe('PodCompleted');
  });

  it('keeps lastTransitionTime while a condition holds', () => {
    const first = status(pod(), record({ current: instance({ running: true }) }));
    const later = podStatus({
      pod: { ...pod(), status: first },
      containers: [record({ current: instance({ running: true }) })],
      initContainers: [],
      initDone: true,
      hostIP: 'h',
      now: Date.UTC(2021, 0, 1, 5),
    });
    expect(later.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe('2021-01-01T00:01:00Z');
  });

  it('reports no-command-found as ContainerCannotRun', () => {
    const s = containerStatus(
      record({
        current: instance({
          neverStarted: true,
          exitCode: 127,
          error: 'exec: "nope": executable file not found in $PATH',
        }),
      }),
    );
    expect(s.state.terminated).toMatchObject({ reason: 'ContainerCannotRun', exitCode: 127 });
  });

  it('classifies QoS', () => {
    const p = pod();
    expect(qosClass(p)).toBe('BestEffort');
    p.spec.containers[0]!.resources = { limits: { cpu: '1', memory: '1Gi' } };
    expect(qosClass(p)).toBe('Guaranteed');
    p.spec.containers[0]!.resources = { requests: { cpu: '100m' } };
    expect(qosClass(p)).toBe('Burstable');
  });
});
