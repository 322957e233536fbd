import { describe, expect, it } from 'vitest';
import { FakeClock } from '../cluster/clock.js';
import type { LessonStep } from './lesson.js';
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
  for (let i = 0; i < 10; i++) await Promise.resolve();
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

  it('shows a pass only once it held for settleMs, as pending meanwhile', async () => {
    const { docker, clock, watcher, statuses, states } = watch();
    watcher.start();
    await flush();
    docker.run('web', 'nginx');
    clock.advance(300);
    await flush();
    expect(statuses.at(-1)?.checks[0]).toMatchObject({ state: 'pending', code: 'converging' });
    expect(statuses.at(-1)?.complete).toBe(false);
    clock.advance(1500);
    await flush();
    expect(states()).toEqual(['fail', 'pending', 'pass']);
    expect(statuses.at(-1)?.complete).toBe(true);
    watcher.stop();
  });

  it('a pass that flips back before it settled never shows as pass', async () => {
    const { docker, clock, watcher, states } = watch();
    watcher.start();
    await flush();
    docker.run('web', 'nginx');
    clock.advance(300);
    await flush();
    docker.run('web', 'nginx', [], 'exited');
    clock.advance(300);
    await flush();
    clock.advance(5000);
    await flush();
    expect(states()).not.toContain('pass');
    expect(states().at(-1)).toBe('fail');
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
