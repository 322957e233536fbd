/**
 * A protocol test: a small server speaking the Docker Engine API on a temp unix socket (the host has no dockerd), with
 * the answers a Docker Engine 29 gives, checks what the port asks and how it reads the answers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DOCKER_SOCKET, dockerSocketPath, openDockerSocket } from './docker-socket.node.js';
import { GradeSetupError } from './grade-setup-error.js';

let dir: string;
let server: Server | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wharf-docker-sock-'));
});
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** An engine at API 1.52 that, like Docker 29, refuses versions below 1.44. */
async function fakeEngine(): Promise<{ socket: string; asked: string[] }> {
  const socket = join(dir, 'docker.sock');
  const asked: string[] = [];
  const answers: Record<string, unknown> = {
    '/v1.52/containers/json?all=1': [
      {
        Id: 'c1',
        Names: ['/web'],
        Image: 'nginx',
        ImageID: 'sha256:aa',
        Command: 'nginx -g daemon off;',
        Created: 1,
        State: 'running',
        Status: 'Up 2 minutes',
        Labels: {},
        Ports: [
          { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
          { PrivatePort: 443, Type: 'tcp' },
        ],
      },
      {
        Id: 'c2',
        Names: ['/hello'],
        Image: 'busybox',
        ImageID: 'sha256:bb',
        Command: 'echo hi',
        Created: 1,
        State: 'exited',
        Status: 'Exited (0)',
        Labels: {},
        Ports: [],
      },
    ],
    '/v1.52/containers/web/json': { Id: 'c1', Name: '/web', RestartCount: 3 },
    '/v1.52/images/json': [
      { Id: 'sha256:aa', RepoTags: ['nginx:latest'] },
      { Id: 'sha256:cc', RepoTags: null },
    ],
    '/v1.52/volumes': { Volumes: [{ Name: 'data' }], Warnings: null },
    '/v1.52/networks': [{ Name: 'bridge' }, { Name: 'app-net' }],
  };
  server = createServer((req, res) => {
    const url = req.url ?? '';
    asked.push(url);
    const version = /^\/v(\d+)\.(\d+)\//.exec(url);
    if (version && Number(version[1]) === 1 && Number(version[2]) < 44) {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: 'client version 1.41 is too old. Minimum supported API version is 1.44' }));
      return;
    }
    if (url === '/_ping') {
      res.writeHead(200, { 'Api-Version': '1.52', 'Content-Type': 'text/plain' });
      res.end('OK');
      return;
    }
    if (url in answers) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answers[url]));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: `No such container: ${url}` }));
  });
  await new Promise<void>((resolve) => server!.listen(socket, resolve));
  return { socket, asked };
}

describe('openDockerSocket (protocol test against an Engine-API-speaking server)', () => {
  it('reads containers, restarts, images, volumes and networks at the engine’s own API version', async () => {
    const { socket, asked } = await fakeEngine();
    const opened = await openDockerSocket(socket);
    if (!('port' in opened)) throw new Error(opened.missing);
    const docker = opened.port;
    expect(await docker.containers()).toEqual([
      {
        id: 'c1',
        name: 'web',
        image: 'nginx',
        state: 'running',
        ports: [
          { privatePort: 80, publicPort: 8080, type: 'tcp' },
          { privatePort: 443, type: 'tcp' },
        ],
      },
      { id: 'c2', name: 'hello', image: 'busybox', state: 'exited', ports: [] },
    ]);
    expect(await docker.restartCount('web')).toBe(3);
    expect(await docker.restartCount('gone')).toBeUndefined();
    expect(await docker.images()).toEqual([
      { id: 'sha256:aa', tags: ['nginx:latest'] },
      { id: 'sha256:cc', tags: [] },
    ]);
    expect(await docker.volumes()).toEqual(['data']);
    expect(await docker.networks()).toEqual(['bridge', 'app-net']);
    expect(asked[0]).toBe('/_ping');
    // Nothing was asked at a version the engine refuses.
    expect(asked.filter((p) => p.startsWith('/v') && !p.startsWith('/v1.52/'))).toEqual([]);
  });

  it('says "no Docker Engine at <path>" when there is no socket', async () => {
    const path = join(dir, 'nothing.sock');
    expect(await openDockerSocket(path)).toEqual({ missing: `no Docker Engine at ${path}` });
  });

  it('says nothing listens when the path is there but is not a live socket', async () => {
    const path = join(dir, 'stale.sock');
    writeFileSync(path, '');
    const opened = await openDockerSocket(path);
    expect('missing' in opened && opened.missing).toMatch(new RegExp(`^no Docker Engine at ${path}`));
  });
});

describe('dockerSocketPath', () => {
  it('is --docker-socket, else DOCKER_HOST’s unix path, else the default', () => {
    expect(dockerSocketPath({ flag: '/run/user/1000/docker.sock', dockerHost: 'unix:///x' })).toBe(
      '/run/user/1000/docker.sock',
    );
    expect(dockerSocketPath({ dockerHost: 'unix:///home/ada/.docker/run/docker.sock' })).toBe(
      '/home/ada/.docker/run/docker.sock',
    );
    expect(dockerSocketPath({})).toBe(DEFAULT_DOCKER_SOCKET);
  });

  it('refuses a DOCKER_HOST that is not a unix socket, saying what to pass instead', () => {
    expect(() => dockerSocketPath({ dockerHost: 'tcp://10.0.0.5:2376' })).toThrow(GradeSetupError);
    expect(() => dockerSocketPath({ dockerHost: 'tcp://10.0.0.5:2376' })).toThrow(
      'DOCKER_HOST=tcp://10.0.0.5:2376: lessons:grade reads Docker over a unix socket only; pass --docker-socket PATH',
    );
  });
});
