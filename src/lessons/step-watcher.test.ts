import { describe, expect, it } from 'vitest';
import { FakeClock } from '../cluster/clock.js';
import type { LessonStep } from './lesson.js';
import type { KubeObject } from '../cluster/objects/index.js';
import { Listeners } from '../protocol/listeners.js';
import type { ClusterPort } from './ports.js';
import type { StepStatus } from './step-status.js';
import { FOLLOW_UP_DELAYS_MS, StepWatcher } from './step-watcher.js';
import { fakePorts } from './testing/fake-ports.js';

const step: LessonStep = {
  id: 'run-a-web-server',
  title: 'Run a web server',
  body: '',
  checks: [{ id: 'web', check: 'docker.container', name: 'web', image: 'nginx' }],
  requires: [{ id: 'nginx-image', check: 'docker.image-exists', image: 'nginx' }],
  hints: [
    { text: 'Use docker run.' },
    { text: 'It exists but is not running.', when: { check: 'web', state: 'fail', code: 'wrong-state' } },
  ],
};

/** Let the watcher's evaluation (promises) run to the end. */
const flush = async () => {
  for (let i = 0; i < 50; i++) await Promise.resolve();
};

function watch(overrides: Partial<LessonStep> = {}, settleMs = 1500) {
  const fakes = fakePorts();
  const clock = new FakeClock();
  const statuses: StepStatus[] = [];
  const watcher = new StepWatcher({
    step: { ...step, ...overrides },
    ports: fakes.ports,
    clock,
    onStatus: (s) => statuses.push(s),
    debounceMs: 300,
    maxWaitMs: 2000,
    settleMs,
  });
  const states = () => statuses.map((s) => s.checks.map((c) => c.state).join(','));
  return { ...fakes, clock, watcher, statuses, states };
}

/** A cluster port over a list of objects per kind the test sets; each set is a change. */
function fakeCluster() {
  const objects = new Map<string, KubeObject[]>();
  const changes = new Listeners<[]>();
  const port: ClusterPort = {
    get: async (kind, _ns, name) => objects.get(kind)?.find((o) => o.metadata.name === name),
    list: async (kind, { labelSelector }) => {
      const [key = '', value] = (labelSelector ?? '').split('=');
      return (objects.get(kind) ?? []).filter((o) => !labelSelector || o.metadata.labels?.[key] === value);
    },
    watch: (_kind, onChange) => changes.add(onChange),
  };
  return {
    port,
    set(deployment: KubeObject, pods: KubeObject[]) {
      objects.set('Deployment', [deployment]);
      objects.set('Pod', pods);
      changes.emit();
    },
  };
}

const deployment = (want: number, ready: number): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', generation: 2 },
    spec: { replicas: want },
    status: { observedGeneration: 2, replicas: want, updatedReplicas: want, readyReplicas: ready },
  }) as KubeObject;

const pod = (name: string, ready: boolean, app = 'web'): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app } },
    spec: { containers: [] },
    status: {
      phase: ready ? 'Running' : 'Pending',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  }) as KubeObject;
const readyPod = (name: string) => pod(name, true);
const startingPod = (name: string, app?: string) => pod(name, false, app);

/** A step that wants exactly 3 ready app=web pods, on a fake cluster. */
function watchCluster(cluster: ReturnType<typeof fakeCluster>) {
  const fakes = fakePorts(cluster.port);
  const clock = new FakeClock();
  const statuses: StepStatus[] = [];
  const watcher = new StepWatcher({
    step: {
      ...step,
      checks: [{ id: 'three', check: 'kubernetes.ready-pods', selector: 'app=web', exactly: 3 }],
      requires: [],
      hints: [],
    },
    ports: fakes.ports,
    clock,
    onStatus: (s) => statuses.push(s),
    debounceMs: 300,
  });
  const states = () => statuses.map((s) => s.checks.map((c) => c.state).join(','));
  return { clock, watcher, statuses, states };
}

describe('StepWatcher', () => {
  it('runs once at start, then only after a debounced change', async () => {
    const { docker, clock, watcher, statuses } = watch();
    watcher.start();
    await flush();
    expect(statuses).toHaveLength(1);
    expect(statuses[0]?.checks[0]).toMatchObject({ state: 'fail', code: 'not-found' });
    const reads = docker.reads;
    docker.events.emit();
    docker.events.emit();
    clock.advance(299);
    await flush();
    expect(docker.reads).toBe(reads);
    clock.advance(1);
    await flush();
    expect(statuses).toHaveLength(2);
    expect(docker.reads).toBe(reads + 1);
    // No events: no evaluations, however long we wait (nothing polls).
    clock.advance(60_000);
    await flush();
    expect(statuses).toHaveLength(2);
    watcher.stop();
  });

  it('a steady stream of changes still evaluates every maxWaitMs', async () => {
    const { docker, clock, watcher, statuses } = watch();
    watcher.start();
    await flush();
    for (let t = 0; t < 2000; t += 200) {
      docker.events.emit();
      clock.advance(200);
      await flush();
    }
    expect(statuses.length).toBe(2);
    watcher.stop();
  });

  it('shows a Docker pass as soon as the change is debounced: the learner’s own container needs no settling', async () => {
    const { docker, clock, watcher, statuses, states } = watch();
    watcher.start();
    await flush();
    docker.run('web', 'nginx');
    clock.advance(300);
    await flush();
    expect(states()).toEqual(['fail', 'pass']);
    expect(statuses.at(-1)?.complete).toBe(true);
    watcher.stop();
  });

  it('holds a Kubernetes pass while the cluster moves and shows it once the cluster is at rest', async () => {
    const cluster = fakeCluster();
    const { clock, watcher, statuses, states } = watchCluster(cluster);
    watcher.start();
    await flush();
    // Scaling to 4 passes through "exactly 3 ready": the Deployment has not made its 4th pod yet.
    cluster.set(deployment(4, 3), [readyPod('a'), readyPod('b'), readyPod('c')]);
    clock.advance(300);
    await flush();
    expect(statuses.at(-1)?.checks[0]).toMatchObject({ state: 'pending', code: 'converging' });
    expect(statuses.at(-1)?.checks[0]?.reason).toContain('Deployment web is rolling out (3 of 4 pods ready)');
    cluster.set(deployment(4, 4), [readyPod('a'), readyPod('b'), readyPod('c'), readyPod('d')]);
    clock.advance(300);
    await flush();
    expect(states()).toEqual(['fail', 'pending', 'fail']);
    // At rest with 3: the pass shows at once.
    cluster.set(deployment(3, 3), [readyPod('a'), readyPod('b'), readyPod('c')]);
    clock.advance(300);
    await flush();
    expect(states().at(-1)).toBe('pass');
    expect(statuses.at(-1)?.complete).toBe(true);
    watcher.stop();
  });

  it('holds a Kubernetes pass at most maxHoldMs when the cluster never comes to rest', async () => {
    const cluster = fakeCluster();
    const { clock, watcher, states } = watchCluster(cluster);
    watcher.start();
    await flush();
    // Another app's pod that can never pull its image: the cluster stays in motion.
    cluster.set(deployment(3, 3), [readyPod('a'), readyPod('b'), readyPod('c'), startingPod('stuck', 'other')]);
    clock.advance(300);
    await flush();
    expect(states().at(-1)).toBe('pending');
    clock.advance(9_000);
    await flush();
    expect(states().at(-1)).toBe('pending');
    clock.advance(1_000);
    await flush();
    expect(states().at(-1)).toBe('pass');
    watcher.stop();
  });

  it('checkNow() runs at once and counts a pass without waiting; completion stays', async () => {
    const { docker, watcher, statuses } = watch();
    watcher.start();
    await flush();
    docker.containerList = [{ id: '1', name: 'web', image: 'nginx', state: 'running', ports: [] }];
    const status = await watcher.checkNow();
    expect(status.checks[0]?.state).toBe('pass');
    expect(status.complete).toBe(true);
    docker.containerList = [];
    expect((await watcher.checkNow()).complete).toBe(true);
    expect(statuses.length).toBe(3);
    watcher.stop();
  });

  it('offers conditional hints only while their condition holds', async () => {
    const { docker, watcher } = watch();
    watcher.start();
    await flush();
    expect(watcher.status?.hints).toEqual([0]);
    docker.containerList = [{ id: '1', name: 'web', image: 'nginx', state: 'exited', ports: [] }];
    const status = await watcher.checkNow();
    expect(status.hints).toEqual([0, 1]);
    watcher.stop();
  });

  it('reports a step as blocked when a requires check keeps failing', async () => {
    const { docker, clock, watcher, statuses } = watch();
    watcher.start();
    await flush();
    expect(statuses.at(-1)?.blocked).toEqual([]);
    docker.imageList = [];
    docker.events.emit();
    clock.advance(300);
    await flush();
    expect(statuses.at(-1)?.blocked).toEqual([]);
    clock.advance(1500);
    await flush();
    expect(statuses.at(-1)?.blocked).toMatchObject([{ id: 'nginx-image', state: 'fail', code: 'not-found' }]);
    watcher.stop();
  });

  it('re-runs file checks only for their files, quiz checks on answers, command checks on terminal activity', async () => {
    const { workspace, quiz, activity, clock, watcher, statuses } = watch(
      {
        checks: [
          { id: 'file', check: 'file.exists', path: 'nginx-deployment.yaml' },
          { id: 'q', check: 'quiz', quiz: 'q' },
          { id: 'cmd', check: 'command', run: 'true' },
        ],
        requires: [],
        hints: [],
        quiz: {
          id: 'q',
          question: '?',
          choices: [
            { text: 'a', correct: true },
            { text: 'b', correct: false },
          ],
        },
      },
      0,
    );
    watcher.start();
    await flush();
    const runs = () => statuses.length;
    workspace.write('notes.txt', 'x');
    clock.advance(300);
    await flush();
    expect(runs()).toBe(1);
    workspace.write('./nginx-deployment.yaml', 'kind: Deployment');
    clock.advance(300);
    await flush();
    expect(runs()).toBe(2);
    quiz.set('q', [0]);
    clock.advance(300);
    await flush();
    expect(runs()).toBe(3);
    expect(statuses.at(-1)?.checks.find((c) => c.id === 'q')?.state).toBe('pass');
    activity.emit();
    clock.advance(300);
    await flush();
    expect(runs()).toBe(4);
    watcher.stop();
    workspace.write('nginx-deployment.yaml', 'again');
    clock.advance(300);
    await flush();
    expect(runs()).toBe(4);
  });

  it('looks again a few times at an http check after a change, until it answers, then no more', async () => {
    const { http, activity, clock, watcher, statuses } = watch(
      {
        checks: [{ id: 'page', check: 'http.get', port: 8080 }],
        requires: [],
        hints: [],
      },
      0,
    );
    watcher.start();
    await flush();
    clock.advance(60_000);
    await flush();
    expect(statuses).toHaveLength(1); // no change yet: nothing is looked at again
    activity.emit(); // `docker run -d -p 8080:80 nginx` returned; nginx does not listen yet
    clock.advance(300);
    await flush();
    expect(statuses.at(-1)?.checks[0]).toMatchObject({ state: 'fail', code: 'unreachable' });
    http.servers.set('127.0.0.1:8080', { status: 200, body: 'Welcome to nginx!' });
    clock.advance(FOLLOW_UP_DELAYS_MS[0]!);
    await flush();
    expect(statuses.at(-1)?.checks[0]?.state).toBe('pass');
    expect(statuses.at(-1)?.complete).toBe(true);
    const runs = statuses.length;
    clock.advance(60_000);
    await flush();
    expect(statuses).toHaveLength(runs);
  });

  it('stops looking again after the last follow-up while nothing changes', async () => {
    const { activity, clock, watcher, statuses } = watch(
      { checks: [{ id: 'page', check: 'http.get', port: 8080 }], requires: [], hints: [] },
      0,
    );
    watcher.start();
    await flush();
    activity.emit();
    clock.advance(300);
    await flush();
    for (const delay of FOLLOW_UP_DELAYS_MS) {
      clock.advance(delay);
      await flush();
    }
    const runs = statuses.length;
    expect(runs).toBe(2 + FOLLOW_UP_DELAYS_MS.length);
    clock.advance(10 * 60_000);
    await flush();
    expect(statuses).toHaveLength(runs);
    watcher.stop();
  });

  it('reads Docker once per evaluation, however many Docker checks the step has', async () => {
    const { docker, watcher } = watch({
      checks: [
        { id: 'a', check: 'docker.container', name: 'web' },
        { id: 'b', check: 'docker.container', name: 'web2' },
        { id: 'c', check: 'docker.port-published', hostPort: 8080 },
      ],
      requires: [],
      hints: [],
    });
    watcher.start();
    await flush();
    expect(docker.reads).toBe(1);
    watcher.stop();
  });
});
