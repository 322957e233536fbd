import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../cluster/clock.js';
import type { KubeObject } from '../../cluster/objects/index.js';
import type { ClusterPort } from '../ports.js';
import type { CheckSpec } from '../schema/check-kinds.js';
import { fakePorts } from '../testing/fake-ports.js';
import { evaluateCheck } from './evaluate-check.js';
import { sameImage } from './image-ref.js';

function setup(cluster?: ClusterPort) {
  const fakes = fakePorts(cluster);
  const clock = new FakeClock();
  const evaluate = (check: CheckSpec) => evaluateCheck(check, { ports: fakes.ports, clock });
  return { ...fakes, clock, evaluate };
}

describe('Docker checks', () => {
  it('docker.container: none, running, wrong image, exited, absent', async () => {
    const { docker, evaluate } = setup();
    const web: CheckSpec = { id: 'web', check: 'docker.container', name: 'web', image: 'nginx' };
    expect(await evaluate(web)).toEqual({
      state: 'fail',
      code: 'not-found',
      reason: 'there is no container web from nginx',
    });
    docker.run('web', 'busybox');
    expect(await evaluate(web)).toMatchObject({
      code: 'wrong-image',
      reason: 'container web runs busybox, want nginx',
    });
    docker.run('web', 'nginx', [[8080, 80]], 'created');
    expect(await evaluate(web)).toMatchObject({ state: 'pending', reason: 'web is created, not running yet' });
    docker.run('web', 'nginx', [[8080, 80]]);
    expect(await evaluate(web)).toEqual({ state: 'pass', code: 'ok', reason: 'web is running (from nginx)' });
    docker.run('web', 'nginx', [], 'exited');
    expect(await evaluate(web)).toMatchObject({ state: 'fail', reason: 'web is exited, want running' });
    expect((await evaluate({ ...web, state: 'exited' })).state).toBe('pass');
    expect(await evaluate({ ...web, state: 'absent' })).toMatchObject({
      state: 'fail',
      reason: 'web still exists (exited): remove it',
    });
    docker.containerList = [];
    expect((await evaluate({ ...web, state: 'absent' })).state).toBe('pass');
    // Without a name: any container from the image.
    docker.run('quirky_turing', 'busybox:latest', [], 'exited');
    expect((await evaluate({ id: 'b', check: 'docker.container', image: 'busybox', state: 'exited' })).state).toBe(
      'pass',
    );
  });

  it('docker.port-published', async () => {
    const { docker, evaluate } = setup();
    const check: CheckSpec = { id: 'p', check: 'docker.port-published', hostPort: 8080, containerPort: 80 };
    expect(await evaluate(check)).toMatchObject({ state: 'fail', reason: 'no running container publishes port 8080' });
    docker.run('web', 'nginx', [[8080, 8000]]);
    expect(await evaluate(check)).toMatchObject({
      state: 'fail',
      reason: 'web publishes 8080 to its port 8000, want 80',
    });
    docker.run('web', 'nginx', [[8080, 80]]);
    expect(await evaluate(check)).toMatchObject({ state: 'pass', reason: 'web publishes port 8080 -> 80' });
  });

  it('docker.image-exists, volume, network, restart count', async () => {
    const { docker, evaluate } = setup();
    expect((await evaluate({ id: 'i', check: 'docker.image-exists', image: 'nginx' })).state).toBe('pass');
    expect(
      (await evaluate({ id: 'i', check: 'docker.image-exists', image: 'docker.io/library/nginx:1.22' })).state,
    ).toBe('pass');
    expect(await evaluate({ id: 'i', check: 'docker.image-exists', image: 'my-app:1.0' })).toMatchObject({
      state: 'fail',
      reason:
        'there is no image my-app:1.0 (docker images lists nginx:latest, nginx:1.22, nginx:stable, busybox:latest)',
    });
    expect((await evaluate({ id: 'v', check: 'docker.volume-exists', name: 'data' })).state).toBe('fail');
    docker.volumeList = ['data'];
    expect((await evaluate({ id: 'v', check: 'docker.volume-exists', name: 'data' })).state).toBe('pass');
    expect((await evaluate({ id: 'n', check: 'docker.network-exists', name: 'app-net' })).reason).toBe(
      'there is no network named app-net',
    );
    docker.restarts.set('flaky', 1);
    const restarts: CheckSpec = { id: 'r', check: 'docker.restart-count', name: 'flaky', atLeast: 2 };
    expect(await evaluate(restarts)).toMatchObject({
      state: 'pending',
      reason: 'flaky was restarted 1 times, want at least 2',
    });
    docker.restarts.set('flaky', 2);
    expect((await evaluate(restarts)).state).toBe('pass');
  });
});

describe('workspace checks', () => {
  it('file.exists, file.contains', async () => {
    const { workspace, evaluate } = setup();
    expect(await evaluate({ id: 'f', check: 'file.exists', path: 'app.py' })).toMatchObject({
      state: 'fail',
      reason: 'there is no file app.py in the workspace',
    });
    workspace.write('app.py', 'from flask import Flask\n');
    expect((await evaluate({ id: 'f', check: 'file.exists', path: 'app.py' })).state).toBe('pass');
    expect(await evaluate({ id: 'c', check: 'file.contains', path: 'app.py', text: 'Flask(__name__)' })).toMatchObject({
      state: 'fail',
      code: 'missing-text',
    });
  });

  it('file.yaml-field: wrong value, broken YAML, right value in a multi-document file', async () => {
    const { workspace, evaluate } = setup();
    const check: CheckSpec = {
      id: 'y',
      check: 'file.yaml-field',
      path: 'nginx-deployment.yaml',
      field: 'spec.replicas',
      equals: 3,
    };
    workspace.write('nginx-deployment.yaml', 'kind: Deployment\nspec:\n  replicas: 2\n');
    expect(await evaluate(check)).toMatchObject({
      state: 'fail',
      reason: 'spec.replicas in nginx-deployment.yaml is 2, want 3',
    });
    workspace.write('nginx-deployment.yaml', 'kind: Deployment\nspec:\n  replicas: [3\n');
    expect(await evaluate(check)).toMatchObject({ state: 'fail', code: 'invalid' });
    workspace.write('nginx-deployment.yaml', 'kind: Service\n---\nkind: Deployment\nspec:\n  replicas: 3\n');
    expect((await evaluate(check)).state).toBe('pass');
  });

  it('file.dockerfile-instruction: continuation lines, comments, case', async () => {
    const { workspace, evaluate } = setup();
    workspace.write(
      'Dockerfile',
      '# base\nfrom python:3.11-slim\nRUN pip install \\\n  flask\nCMD ["python", "app.py"]\n',
    );
    expect(
      (await evaluate({ id: 'd', check: 'file.dockerfile-instruction', instruction: 'FROM', contains: 'python:3.11' }))
        .state,
    ).toBe('pass');
    expect(
      (await evaluate({ id: 'd', check: 'file.dockerfile-instruction', instruction: 'RUN', contains: 'flask' })).state,
    ).toBe('pass');
    expect(await evaluate({ id: 'd', check: 'file.dockerfile-instruction', instruction: 'EXPOSE' })).toMatchObject({
      state: 'fail',
      reason: 'Dockerfile has no EXPOSE instruction',
    });
  });
});

describe('http.get', () => {
  const service = (type: string, nodePort?: number): KubeObject => ({
    metadata: { name: 'nginx-service', namespace: 'default' },
    spec: { type, clusterIP: '10.96.0.20', ports: [{ port: 80, ...(nodePort ? { nodePort } : {}) }] },
  });
  const clusterWith = (obj: KubeObject): ClusterPort => ({
    get: async (_k, _ns, name) => (name === obj.metadata.name ? obj : undefined),
    list: async () => [obj],
    watch: () => ({ dispose() {} }),
  });

  it('a guest port: refused, wrong status, missing text, right', async () => {
    const { http, evaluate } = setup();
    const check: CheckSpec = { id: 'h', check: 'http.get', port: 8080, bodyContains: 'Welcome to nginx!' };
    expect(await evaluate(check)).toMatchObject({
      state: 'fail',
      code: 'unreachable',
      reason: 'nothing answers on port 8080 (connection refused)',
    });
    http.servers.set('127.0.0.1:8080', { status: 404, body: 'Not Found' });
    expect((await evaluate(check)).reason).toBe('port 8080 answered 404 for /, want 200');
    http.servers.set('127.0.0.1:8080', { status: 200, body: '<h1>Hello</h1>' });
    expect((await evaluate(check)).code).toBe('missing-text');
    http.servers.set('127.0.0.1:8080', { status: 200, body: '<h1>Welcome to nginx!</h1>' });
    expect(await evaluate(check)).toMatchObject({
      state: 'pass',
      reason: 'port 8080 answered 200 with "Welcome to nginx!"',
    });
  });

  it('a Service: its node port, or its cluster IP', async () => {
    const clusterIp = setup(clusterWith(service('ClusterIP')));
    const viaNodePort: CheckSpec = { id: 'n', check: 'http.get', nodePortOf: 'nginx-service' };
    expect((await clusterIp.evaluate(viaNodePort)).reason).toBe(
      'Service nginx-service is ClusterIP: it has no node port',
    );
    clusterIp.http.servers.set('10.96.0.20:80', { status: 200, body: 'ok' });
    expect((await clusterIp.evaluate({ id: 'c', check: 'http.get', service: 'nginx-service' })).reason).toBe(
      'Service nginx-service (10.96.0.20:80) answered 200',
    );
    const nodePort = setup(clusterWith(service('NodePort', 30080)));
    nodePort.http.servers.set('127.0.0.1:30080', { status: 200, body: 'ok' });
    expect((await nodePort.evaluate(viaNodePort)).reason).toBe('node port 30080 of nginx-service answered 200');
  });
});

describe('command, quiz, and checks that cannot read their state', () => {
  it('command: exit code and output', async () => {
    const { command, evaluate } = setup();
    const check: CheckSpec = { id: 'c', check: 'command', run: 'docker logs web | grep -c GET', outputContains: '1' };
    expect(await evaluate(check)).toMatchObject({
      state: 'fail',
      reason: "the check's command ended with 127, want 0: sh: not found",
    });
    command.scripts.set(check.run, { exitCode: 0, output: '1\n' });
    expect((await evaluate(check)).state).toBe('pass');
  });

  it('quiz: unanswered, wrong, right', async () => {
    const fakes = fakePorts();
    const quiz = {
      id: 'q',
      question: 'Which?',
      choices: [
        { text: 'a', correct: false },
        { text: 'b', correct: true },
      ],
    };
    const evaluate = () =>
      evaluateCheck({ id: 'q', check: 'quiz', quiz: 'q' }, { ports: fakes.ports, clock: new FakeClock(), quiz });
    expect((await evaluate()).code).toBe('not-answered');
    fakes.quiz.set('q', [0]);
    expect((await evaluate()).code).toBe('wrong-answer');
    fakes.quiz.set('q', [1]);
    expect((await evaluate()).state).toBe('pass');
  });

  it('a port that throws is pending (unavailable), one that hangs is pending (timed out)', async () => {
    const { ports, clock } = setup();
    const broken = {
      ...ports,
      docker: { ...ports.docker, containers: () => Promise.reject(new Error('guest link closed')) },
    };
    expect(await evaluateCheck({ id: 'w', check: 'docker.container', name: 'web' }, { ports: broken, clock })).toEqual({
      state: 'pending',
      code: 'unavailable',
      reason: 'the check could not read the state it needs (guest link closed)',
    });
    const hanging = { ...ports, docker: { ...ports.docker, containers: () => new Promise<never>(() => {}) } };
    const result = evaluateCheck(
      { id: 'w', check: 'docker.container', name: 'web' },
      { ports: hanging, clock, timeoutMs: 5000 },
    );
    await Promise.resolve();
    clock.advance(5000);
    expect(await result).toMatchObject({ state: 'pending', code: 'timed-out' });
  });
});

describe('image references', () => {
  it('treats Docker Hub short names, library/ and :latest as one image', () => {
    expect(sameImage('nginx', 'docker.io/library/nginx:latest')).toBe(true);
    expect(sameImage('wharf/hello:2.0', 'docker.io/wharf/hello:2.0')).toBe(true);
    expect(sameImage('localhost:5000/my-app', 'localhost:5000/my-app:latest')).toBe(true);
    expect(sameImage('nginx:1.22', 'nginx')).toBe(false);
  });
});
