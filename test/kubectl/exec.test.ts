import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachCapable } from '../../src/cluster/api/pod-exec.js';
import type { ExecSession, PodRuntime } from '../../src/cluster/kubelet/pod-runtime.js';
import { createStreamPair } from '../../src/http/index.js';
import { eventually, startCluster, type Cluster } from './harness.js';

/**
 * kubectl exec and port-forward speak SPDY/3.1 to the API server. The container side is a scripted PodRuntime (the
 * kubelet's seam), so this suite checks our SPDY server and the remotecommand/portforward protocols against the real
 * kubectl client; the kubelet's own suite covers the Docker side.
 */
const enc = new TextEncoder();
const lastSize: number[] = [];

function session(
  run: (io: { out(s: string): void; err(s: string): void; input: AsyncIterable<string> }) => Promise<number>,
): ExecSession {
  const outL = new Set<(d: Uint8Array) => void>();
  const errL = new Set<(d: Uint8Array) => void>();
  const chunks: string[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const input: AsyncIterable<string> = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (chunks.length) yield chunks.shift()!;
        else if (ended) return;
        else await new Promise<void>((r) => (wake = r));
      }
    },
  };
  const exited = new Promise<{ exitCode: number }>((resolve) =>
    setTimeout(() => {
      void run({
        out: (s) => outL.forEach((l) => l(enc.encode(s))),
        err: (s) => errL.forEach((l) => l(enc.encode(s))),
        input,
      }).then((exitCode) => resolve({ exitCode }));
    }, 10),
  );
  return {
    stdin: {
      write: (d) => {
        chunks.push(new TextDecoder().decode(d));
        wake?.();
      },
      end: () => {
        ended = true;
        wake?.();
      },
    },
    onStdout: (l) => (outL.add(l), { dispose: () => outL.delete(l) }),
    onStderr: (l) => (errL.add(l), { dispose: () => errL.delete(l) }),
    resize: (cols, rows) => lastSize.splice(0, 2, cols, rows),
    exited,
    close: () => {},
  };
}

const runtime: PodRuntime & AttachCapable = {
  async attach() {
    // The container's main process: upper-cases its stdin until stdin closes.
    return session(async (io) => {
      for await (const s of io.input) io.out(s.toUpperCase());
      return 0;
    });
  },
  async logs(_ns, _pod, _container, options = {}) {
    const data = new Set<(d: Uint8Array) => void>();
    const ends = new Set<() => void>();
    let closed = false;
    const lines = ['one', 'two', 'three'].slice(-(options.tailLines ?? 3));
    setTimeout(() => {
      for (const l of lines) data.forEach((f) => f(enc.encode(`${l}\n`)));
      if (!options.follow) ends.forEach((f) => f());
      else
        setTimeout(() => {
          if (!closed) data.forEach((f) => f(enc.encode('later\n')));
          ends.forEach((f) => f());
        }, 300);
    }, 10);
    return {
      onData: (l) => (data.add(l), { dispose: () => data.delete(l) }),
      onEnd: (l) => (ends.add(l), { dispose: () => ends.delete(l) }),
      close: () => (closed = true),
    };
  },
  async exec(_ns, _pod, _container, argv, options) {
    const [cmd, ...args] = argv;
    return session(async (io) => {
      if (cmd === 'echo') io.out(`${args.join(' ')}\n`);
      else if (cmd === 'tty') {
        // Give kubectl's first resize message time to arrive, as a shell would.
        await new Promise((r) => setTimeout(r, 300));
        io.out(`tty=${String(options?.tty)} size=${lastSize.join('x')}\r\n`);
      } else if (cmd === 'cat') for await (const s of io.input) io.out(s);
      else if (cmd === 'fail') {
        io.err('something went wrong\n');
        return Number(args[0]);
      }
      return 0;
    });
  },
  async portForward(_ns, _pod, port) {
    const [ours, theirs] = createStreamPair();
    theirs.onData((d) => theirs.write(enc.encode(`${port}:${new TextDecoder().decode(d).toUpperCase()}`)));
    theirs.onEnd(() => theirs.end());
    return ours;
  },
};

let c: Cluster;
beforeAll(async () => {
  c = await startCluster({ fakeKubelet: true, podRuntime: runtime });
  await c.kubectl('run web --image=nginx');
  await eventually(async () => {
    expect((await c.kubectl(['get', 'pod', 'web', '-o', 'jsonpath={.status.phase}'])).stdout).toBe('Running');
  });
});
afterAll(() => c.stop());

describe('kubectl exec and port-forward over SPDY', () => {
  it('logs, logs --tail and logs -f stream the container log', async () => {
    expect((await c.kubectl('logs web')).stdout).toBe('one\ntwo\nthree\n');
    expect((await c.kubectl('logs web --tail=1')).stdout).toBe('three\n');
    expect((await c.kubectl('logs -f web')).stdout).toBe('one\ntwo\nthree\nlater\n');
    const wrong = await c.kubectl('logs web -c nope');
    expect(wrong.stderr).toBe('error: container nope is not valid for pod web\n');
  });

  it('exec prints the command output', async () => {
    const r = await c.kubectl('exec web -- echo hello from the pod');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('hello from the pod\n');
    expect(r.code).toBe(0);
  });

  it('exec -i passes stdin through', async () => {
    const r = await c.kubectl('exec -i web -- cat', { stdin: 'line one\nline two\n' });
    expect(r.stdout).toBe('line one\nline two\n');
  });

  it('a non-zero exit becomes kubectl exit code and message', async () => {
    const r = await c.kubectl('exec web -- fail 3');
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('something went wrong\ncommand terminated with exit code 3\n');
  });

  it('exec -it runs under a terminal: resize stream, tty output', async () => {
    // kubectl only asks for a TTY when its stdin is a terminal: run it under script(1) for a pseudo-terminal.
    const r = await new Promise<{ out: string; code: number | null }>((resolve) => {
      // script's pseudo-terminal starts at 0x0 (no controlling terminal here): give it a size kubectl can send.
      const command = `stty cols 100 rows 30; ${c.kubectlCommand(['exec', '-it', 'web', '--', 'tty'])}`;
      const child = spawn('script', ['-qec', command, '/dev/null'], {
        env: c.kubectlEnv,
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => resolve({ out, code }));
      child.stdin.end();
    });
    expect(r.out).toContain('tty=true size=100x30\r\n');
    expect(r.code).toBe(0);
  });

  it('attach -i connects to the container process stdio', async () => {
    const r = await c.kubectl('attach -i web', { stdin: 'shout\n' });
    expect(r.stdout).toBe('SHOUT\n');
    expect(r.code).toBe(0);
  });

  it('port-forward copies bytes to the pod port and back', async () => {
    const child = c.spawnKubectl(['port-forward', 'pod/web', '0:8080']);
    try {
      const local = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Forwarding from 127\.0\.0\.1:(\d+) -> 8080/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.on('exit', () => reject(new Error(`port-forward exited: ${out}`)));
      });
      const reply = await new Promise<string>((resolve, reject) => {
        const sock = connect(local, '127.0.0.1', () => sock.write('ping'));
        sock.on('data', (d) => {
          resolve(d.toString());
          sock.destroy();
        });
        sock.on('error', reject);
      });
      expect(reply).toBe('8080:PING');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
