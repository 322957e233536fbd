/**
 * A control plane on a localhost TCP port and the real kubectl 1.20 pointed at it (temp kubeconfig and HOME, so its
 * discovery cache starts empty). Time is frozen (a clock whose `now` only moves when the test says so, timers real)
 * so AGE columns and timestamps are exact.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/cluster/clock.js';
import { createControlPlane, type ControlPlane, type ControlPlaneOptions } from '../../src/cluster/control-plane.js';
import { startPodStatusDriver } from '../../src/cluster/controllers/index.js';
import { listenTcp } from '../../src/http/node-listen.js';
import { findKubectl } from './kubectl-binary.js';

export const START = Date.UTC(2021, 0, 1, 12, 0, 0);

/** `now` is START + offset (moved by `advance`); `after` uses real timers so watches and controllers run. */
export class FrozenClock implements Clock {
  offset = 0;
  now(): number {
    return START + this.offset;
  }
  after(ms: number, fn: () => void): () => void {
    const t = setTimeout(fn, Math.max(0, Math.min(ms, 2_000)));
    return () => clearTimeout(t);
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

/** A seeded PRNG (mulberry32) so generated names, cluster IPs and node ports repeat run to run. */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface Cluster {
  cp: ControlPlane;
  clock: FrozenClock;
  port: number;
  dir: string;
  kubectl(
    args: string[] | string,
    options?: {
      stdin?: string;
      timeoutMs?: number;
      until?: RegExp;
      onStart?: () => void;
      /** Extra environment for this run (e.g. KUBE_EDITOR for `kubectl edit`). */
      env?: Record<string, string>;
    },
  ): Promise<KubectlResult>;
  /** A shell-quoted kubectl command line and its environment (to run under script(1) for a terminal). */
  kubectlCommand(args: string[]): string;
  kubectlEnv: Record<string, string>;
  /** Start kubectl and leave it running (port-forward); the caller kills it. */
  spawnKubectl(args: string[]): ChildProcessWithoutNullStreams;
  /** Write a file into the test's temp dir, returning its path. */
  file(name: string, content: string): string;
  stop(): Promise<void>;
}

export interface ClusterOptions extends Omit<ControlPlaneOptions, 'clock' | 'random'> {
  /** Run the test stand-in kubelet: bound pods become Running/Ready, deletions finish. @default false */
  fakeKubelet?: boolean;
}

const KUBECTL = findKubectl();

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const clock = new FrozenClock();
  const dir = mkdtempSync(join(tmpdir(), 'wharf-kubectl-'));
  // The port is only known once listening, and the server address goes into discovery: bind first, then build.
  const holder: { cp?: ControlPlane } = {};
  const listener = await listenTcp((stream) => holder.cp!.connectionHandler(stream));
  const cp = createControlPlane({ ...options, clock, random: seeded(42), serverAddress: `127.0.0.1:${listener.port}` });
  holder.cp = cp;
  const stopDriver = options.fakeKubelet ? startPodStatusDriver(cp.storePort, clock) : undefined;
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- cluster: {server: "http://127.0.0.1:${listener.port}"}`,
      '  name: wharf',
      'contexts:',
      '- context: {cluster: wharf, user: admin, namespace: default}',
      '  name: wharf',
      'current-context: wharf',
      'users:',
      '- name: admin',
      '  user: {}',
      '',
    ].join('\n'),
  );
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, KUBECONFIG: kubeconfig, KUBE_EDITOR: 'true' };
  const kubectl: Cluster['kubectl'] = (args, opts = {}) =>
    new Promise((resolve, reject) => {
      const argv = typeof args === 'string' ? args.split(' ').filter(Boolean) : args;
      const child = spawn(KUBECTL, argv, { cwd: dir, env: { ...env, ...opts.env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        // Long-running commands (get -w) end once the output the test waits for has appeared.
        if (opts.until?.test(stdout)) child.kill('SIGTERM');
      });
      if (opts.onStart) setTimeout(opts.onStart, 0);
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`kubectl ${argv.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
      }, opts.timeoutMs ?? 20_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ stdout, stderr, code: code ?? -1 });
      });
      child.stdin.end(opts.stdin ?? '');
    });
  return {
    cp,
    clock,
    port: listener.port,
    dir,
    kubectl,
    spawnKubectl: (args) => spawn(KUBECTL, args, { cwd: dir, env }),
    kubectlCommand: (args) => [KUBECTL, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '),
    kubectlEnv: env,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    async stop() {
      stopDriver?.();
      cp.stop();
      await listener.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Wait until `check` stops throwing (for controller-driven state), up to `ms`. */
export async function eventually<T>(check: () => T | Promise<T>, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
