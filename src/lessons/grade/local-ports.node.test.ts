/** The grading machine's own ports: a workspace folder, a plain HTTP GET, `sh -c` in the folder. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localHttpPort } from './local-http.node.js';
import { shellCommandPort } from './shell-command.node.js';
import { workspaceFolderPort } from './workspace-folder.node.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wharf-grade-ws-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('workspaceFolderPort', () => {
  it('reads the learner’s files by workspace path, and undefined for one that is not there', async () => {
    mkdirSync(join(dir, 'k8s'));
    writeFileSync(join(dir, 'k8s', 'web.yaml'), 'replicas: 3\n');
    const workspace = workspaceFolderPort(dir);
    expect(await workspace.readFile('k8s/web.yaml')).toBe('replicas: 3\n');
    expect(await workspace.readFile('/k8s/web.yaml')).toBe('replicas: 3\n');
    expect(await workspace.readFile('missing.txt')).toBeUndefined();
    expect(await workspace.readFile('k8s')).toBeUndefined();
    expect(await workspace.readFile('k8s/web.yaml/x')).toBeUndefined();
  });

  it('does not read outside the workspace', async () => {
    await expect(workspaceFolderPort(join(dir)).readFile('../../etc/passwd')).rejects.toThrow(
      'the path ../../etc/passwd leads out of the workspace',
    );
  });
});

/** Whether the process runs (Linux): a killed one is gone, or a zombie until its new parent reaps it. */
function running(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

describe('shellCommandPort', () => {
  it('runs sh -c in the workspace, with its exit code and stdout and stderr together', async () => {
    writeFileSync(join(dir, 'marker'), '');
    const result = await shellCommandPort(dir).run('ls; echo oops >&2; exit 3', 5_000);
    expect(result.exitCode).toBe(3);
    expect(result.output).toContain('marker');
    expect(result.output).toContain('oops');
  });

  it('ends a command that runs past its time, and what it started', async () => {
    const started = Date.now();
    await expect(shellCommandPort(dir).run('sleep 30 & echo $! > bg.pid; sleep 30', 300)).rejects.toThrow(
      'the command did not finish in 0.3 s',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    const background = Number(readFileSync(join(dir, 'bg.pid'), 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(running(background)).toBe(false);
  });
});

describe('localHttpPort', () => {
  it('GETs from the grading machine: status and body', async () => {
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/' ? 200 : 404);
      res.end(req.url === '/' ? '<h1>Welcome to nginx!</h1>' : 'no');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const http = localHttpPort();
    expect(await http.get({ host: '127.0.0.1', port, path: '/' })).toEqual({
      status: 200,
      body: '<h1>Welcome to nginx!</h1>',
    });
    expect((await http.get({ host: '127.0.0.1', port, path: '/x' })).status).toBe(404);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(http.get({ host: '127.0.0.1', port, path: '/' })).rejects.toThrow(/ECONNREFUSED/);
  });
});
