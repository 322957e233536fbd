import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { mkdtempSync, readFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuestFileError, GuestLinkClosedError, GuestTimeoutError } from '../../protocol/guest-link.js';
import { AgentClient } from './agent-client.js';
import { encodeFrame, FrameType } from './frame.js';
import { startNativeAgent, type NativeAgent } from './testing/native-agent.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('AgentClient against the real wharf-agent (native build, --stdio)', () => {
  let agent: NativeAgent;
  let link: AgentClient;
  const dir = mkdtempSync(join(tmpdir(), 'wharf-agent-test-'));

  beforeAll(async () => {
    agent = startNativeAgent();
    link = new AgentClient();
    const info = await link.attach(agent.transport, 10_000);
    expect(info.version).toBe(1);
    expect(info.pid).toBe(agent.child.pid);
  });
  afterAll(() => agent.stop());

  it('runs a command and reports stdout, stderr and the exit code', async () => {
    const r = await link.exec(['sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(r.exitCode).toBe(3);
    expect(text(r.stdout)).toBe('out\n');
    expect(text(r.stderr)).toBe('err\n');
  });

  it('passes stdin, env and cwd', async () => {
    const r = await link.exec(['sh', '-c', 'cat; echo "$GREETING"; pwd'], {
      stdin: 'piped\n',
      env: { GREETING: 'hello there' },
      cwd: dir,
    });
    expect(text(r.stdout)).toBe(`piped\nhello there\n${dir}\n`);
  });

  it('reports a process killed by a signal like a shell does', async () => {
    const r = await link.exec(['sh', '-c', 'kill -9 $$']);
    expect(r.signal).toBe(9);
    expect(r.exitCode).toBe(137);
  });

  it('rejects a missing program and a missing working directory with the errno', async () => {
    await expect(link.exec(['/no/such/program'])).rejects.toMatchObject({ code: 'ENOENT', path: '/no/such/program' });
    await expect(link.exec(['true'], { cwd: '/no/such/dir' })).rejects.toMatchObject({
      code: 'ENOENT',
      path: '/no/such/dir',
    });
  });

  it('kills the process group on timeout', async () => {
    const pidFile = join(dir, 'sleeper.pid');
    const started = Date.now();
    await expect(
      link.exec(['sh', '-c', `echo $$ > ${pidFile}; sleep 30 & wait`], { timeoutMs: 500 }),
    ).rejects.toBeInstanceOf(GuestTimeoutError);
    expect(Date.now() - started).toBeLessThan(5000);
    const pid = readFileSync(pidFile, 'utf8').trim();
    await sleep(200);
    const alive = await link.exec(['sh', '-c', `kill -0 ${pid} 2>/dev/null && echo alive || echo gone`]);
    expect(text(alive.stdout)).toBe('gone\n');
  });

  it('moves megabytes both ways under flow control', async () => {
    const big = await link.exec(['head', '-c', '5000000', '/dev/urandom']);
    expect(big.stdout.length).toBe(5_000_000);
    const echoed = await link.exec(['cat'], { stdin: big.stdout });
    expect(Buffer.compare(Buffer.from(echoed.stdout), Buffer.from(big.stdout))).toBe(0);
  });

  it('keeps other channels moving while one reader does not consume', async () => {
    const flood = await link.spawn(['yes']); // no listener: its window fills, the agent stops reading its pipe
    await sleep(300);
    const r = await link.exec(['echo', 'still responsive'], { timeoutMs: 5000 });
    expect(text(r.stdout)).toBe('still responsive\n');
    let got = 0;
    flood.onStdout((d) => (got += d.length));
    flood.kill(9);
    const end = await flood.exited;
    expect(end.signal).toBe(9);
    expect(got).toBeGreaterThan(0);
    expect(got).toBeLessThan(8 * 1024 * 1024); // bounded by the window plus pipe buffers, not by `yes`
  });

  it('runs under a pty with a size, resizes it and sends signals to the group', async () => {
    const proc = await link.spawn(['sh'], { tty: { cols: 100, rows: 30 } });
    let out = '';
    proc.onStdout((d) => (out += text(d)));
    proc.stdin.write('stty size\n');
    await waitFor(() => out.includes('30 100'));
    proc.resize(132, 43);
    proc.stdin.write('stty size; echo "tty=$(tty)"\n');
    await waitFor(() => /tty=\/dev\/pts\//.test(out));
    expect(out).toMatch(/tty=\/dev\/pts\//);
    proc.stdin.write('exit 7\n');
    expect(await proc.exited).toEqual({ exitCode: 7 });
  });

  it('kill() delivers the signal', async () => {
    const proc = await link.spawn(['sleep', '30']);
    proc.kill();
    expect(await proc.exited).toEqual({ exitCode: 143, signal: 15 });
  });

  it('writes and reads files natively, creating parents and applying the mode', async () => {
    const path = join(dir, 'a/b/c/data.bin');
    const data = new Uint8Array(1_500_000).map((_, i) => (i * 7) & 0xff);
    await link.writeFile(path, data, { mode: 0o600 });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(Buffer.compare(readFileSync(path), Buffer.from(data))).toBe(0);
    // Buffer.compare: vitest's deep equality is slow on megabyte arrays
    expect(Buffer.compare(Buffer.from(await link.readFile(path)), Buffer.from(data))).toBe(0);
    await link.writeFile(join(dir, 'text.txt'), 'héllo');
    expect(text(await link.readFile(join(dir, 'text.txt')))).toBe('héllo');
    expect(existsSync(join(dir, 'a/b/c'))).toBe(true);
  });

  it('reports file errors with errno codes', async () => {
    await expect(link.readFile(join(dir, 'missing'))).rejects.toBeInstanceOf(GuestFileError);
    await expect(link.readFile(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(link.readFile(dir)).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(link.writeFile('/proc/nope/x', 'x')).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
  });

  it('connects to unix and TCP sockets and relays bytes both ways, with half-close', async () => {
    const sock = join(dir, 'echo.sock');
    const servers: Server[] = [];
    const echo = () =>
      createServer((s) => {
        s.on('data', (d: Buffer) => s.write(Buffer.concat([Buffer.from('echo:'), d])));
        s.on('end', () => s.end('bye'));
      });
    await new Promise<void>((r) => (servers[0] = echo().listen(sock, r)));
    await new Promise<void>((r) => (servers[1] = echo().listen(0, '127.0.0.1', r)));
    const port = (servers[1]!.address() as { port: number }).port;
    for (const target of [{ unix: sock }, { tcp: { port } }, { tcp: { host: '127.0.0.1', port } }]) {
      const stream = await link.connect(target);
      let got = '';
      stream.onData((d) => (got += text(d)));
      const ended = new Promise<void>((r) => stream.onEnd(r));
      const closed = new Promise<Error | undefined>((r) => stream.onClose(r));
      stream.write(new TextEncoder().encode('ping'));
      await waitFor(() => got === 'echo:ping');
      stream.end();
      await ended;
      expect(got).toBe('echo:pingbye');
      expect(await closed).toBeUndefined();
    }
    for (const s of servers) s.close();
    await expect(link.connect({ unix: join(dir, 'none.sock') })).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(link.connect({ tcp: { port: 1 } })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('answers pings', async () => {
    expect(await link.ping(2000)).toBeGreaterThanOrEqual(0);
  });

  it('runs many commands at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => link.exec(['sh', '-c', `sleep 0.$((${i} % 3)); echo ${i}`])),
    );
    expect(results.map((r) => text(r.stdout).trim())).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });

  describe('the spare process (a login shell kept ready in the snapshot)', () => {
    const shell = ['bash', '--norc', '--noprofile', '-i'];
    const request = (prompt: string) => ({ cwd: dir, env: { PS1: prompt } });
    const tty = { cols: 80, rows: 24 };
    /** Until the spare's prompt is held by the agent and the shell went quiet (what make-snapshot waits for). */
    const spareIdle = async () => {
      for (let i = 0; i < 250; i++) {
        const s = await link.spareStatus();
        if (s && s.heldBytes > 0 && s.quietMs > 200) return s;
        await sleep(20);
      }
      throw new Error('the spare never went idle');
    };
    const gone = async (pid: number) => {
      for (let i = 0; i < 100; i++) {
        const r = await link.exec(['sh', '-c', `kill -0 ${pid} 2>/dev/null && echo alive || echo gone`]);
        if (text(r.stdout) === 'gone\n') return true;
        await sleep(20);
      }
      return false;
    };

    it('survives a reset and is handed over with its prompt, at the size the new terminal asks for', async () => {
      expect(await link.spareStatus()).toBeUndefined();
      const pid = await link.spawnSpare(shell, { ...request('spare-prompt$ '), tty });
      const idle = await spareIdle();
      expect(idle.pid).toBe(pid);
      await link.attach(agent.transport, 10_000); // a new host after a restore: HELLO resets every channel
      expect((await link.spareStatus())?.pid).toBe(pid);

      const proc = await link.spawn(shell, {
        ...request('spare-prompt$ '),
        tty: { cols: 101, rows: 33 },
        adoptSpare: true,
      });
      expect(proc.pid).toBe(pid);
      let out = '';
      proc.onStdout((d) => (out += text(d)));
      await waitFor(() => out.includes('spare-prompt$ '));
      expect(await link.spareStatus()).toBeUndefined(); // adopted: it is an ordinary channel now
      proc.stdin.write('stty size; pwd\n');
      await waitFor(() => out.includes('33 101') && out.includes(`\n${dir}`));
      proc.resize(90, 20);
      proc.stdin.write('stty size\n');
      await waitFor(() => out.includes('20 90'));

      // The spare is used once: the next terminal is a fresh shell.
      const second = await link.spawn(shell, { ...request('spare-prompt$ '), tty, adoptSpare: true });
      expect(second.pid).not.toBe(pid);
      let out2 = '';
      second.onStdout((d) => (out2 += text(d)));
      await waitFor(() => out2.includes('spare-prompt$ '));
      second.stdin.write('exit 4\n');
      proc.stdin.write('exit 5\n');
      expect(await second.exited).toEqual({ exitCode: 4 });
      expect(await proc.exited).toEqual({ exitCode: 5 });
    });

    it('a request that differs (env, cwd or argv) forks afresh and kills the stale spare', async () => {
      const stale = await link.spawnSpare(shell, { ...request('old$ '), tty });
      await spareIdle();
      const proc = await link.spawn(shell, { ...request('new$ '), tty, adoptSpare: true });
      expect(proc.pid).not.toBe(stale);
      let out = '';
      proc.onStdout((d) => (out += text(d)));
      await waitFor(() => out.includes('new$ '));
      expect(out).not.toContain('old$');
      expect(await link.spareStatus()).toBeUndefined();
      expect(await gone(stale)).toBe(true);
      proc.kill(9);
      await proc.exited;
    });

    it('a spawn that does not ask to adopt leaves the spare alone; a new spare replaces the old one', async () => {
      const first = await link.spawnSpare(shell, { ...request('a$ '), tty });
      const plain = await link.spawn(shell, { ...request('a$ '), tty });
      expect(plain.pid).not.toBe(first);
      expect((await link.spareStatus())?.pid).toBe(first);
      const second = await link.spawnSpare(shell, { ...request('b$ '), tty });
      expect((await link.spareStatus())?.pid).toBe(second);
      expect(await gone(first)).toBe(true);
      plain.kill(9);
      await plain.exited;
      // A spare that exits by itself is dropped; adopting then forks.
      await link.exec(['kill', '-9', String(second)]);
      for (let i = 0; i < 100 && (await link.spareStatus()); i++) await sleep(20);
      expect(await link.spareStatus()).toBeUndefined();
    });
  });

  it(
    're-attaching (a new host after a restore) resets the agent: old processes die, new calls work',
    { timeout: 15_000 },
    async () => {
      const proc = await link.spawn(['sleep', '30']);
      const pending = link.exec(['sleep', '30']);
      await sleep(50); // let the exec reach the agent: calls not yet sent simply wait for the new link
      // A half-sent frame from the "old host": the agent must skip it and still hear the new HELLO.
      agent.transport.write(encodeFrame(FrameType.exec, 99, new Uint8Array(1000)).subarray(0, 500));
      const outcomes = Promise.allSettled([pending, proc.exited]);
      await link.attach(agent.transport, 10_000);
      const [a, b] = await outcomes;
      expect(a.status === 'rejected' && a.reason).toBeInstanceOf(GuestLinkClosedError);
      expect(b.status === 'rejected' && b.reason).toBeInstanceOf(GuestLinkClosedError);
      await sleep(100);
      const alive = await link.exec(['sh', '-c', `kill -0 ${proc.pid} 2>/dev/null && echo alive || echo gone`]);
      expect(text(alive.stdout)).toBe('gone\n');
    },
  );

  it('fails calls in flight with GuestLinkClosedError when the VM goes away, and later calls at once', async () => {
    const other = startNativeAgent();
    const client = new AgentClient();
    await client.attach(other.transport);
    const pending = client.exec(['sleep', '10']);
    await sleep(100);
    client.close('VM stopped');
    await expect(pending).rejects.toThrow('guest link closed: VM stopped');
    await expect(client.exec(['true'])).rejects.toBeInstanceOf(GuestLinkClosedError);
    other.stop();
  });
});

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(20);
  }
}
