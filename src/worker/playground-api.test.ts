import { describe, expect, it, afterEach } from 'vitest';
import { MessageChannel, type MessagePort as NodeMessagePort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import type { WorkerApi } from '../protocol/worker-api.js';
import type { PreviewReply, WorkerEvent } from '../protocol/worker-events.js';
import { createStreamPair } from '../http/stream-pair.js';
import { QUIET_MS } from './learner-activity.js';
import { PlaygroundApi } from './playground-api.js';
import type { VmInstance, VmLauncher } from './vm-launcher.js';
import { MemoryWorkspaceStore } from './workspace-store.js';
import { FakeGuest } from './testing/fake-guest.js';

// Node's MessagePort is structurally what Comlink and the API need; the DOM type differs only in details.
const asPort = (p: NodeMessagePort) => p as unknown as MessagePort;
const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

class FakeVm implements VmInstance {
  stopped = false;
  shellsShown = 0;
  private listeners: ((reason: string) => void)[] = [];
  constructor(readonly guest: FakeGuest) {}
  async stop() {
    this.stopped = true;
  }
  onStopped(l: (reason: string) => void) {
    this.listeners.push(l);
  }
  crash(reason: string) {
    for (const l of this.listeners) l(reason);
  }
  shellShown() {
    this.shellsShown++;
  }
}

/** The worker API on one end of a MessageChannel, Comlink's proxy on the other: what the page gets. */
function connect(
  store = new MemoryWorkspaceStore(),
  adapt: (guest: FakeGuest) => void = () => undefined,
  /** Each launch waits for this before its VM is up (a slow restore). */
  restoring: () => Promise<void> = () => Promise.resolve(),
) {
  const guests: FakeGuest[] = [];
  const vms: FakeVm[] = [];
  const learnerIdle: (() => Promise<void>)[] = [];
  const launch: VmLauncher = async ({ onProgress, learnerIdle: idle }) => {
    learnerIdle.push(idle);
    onProgress({ phase: 'download', message: 'Downloading', loaded: 10, total: 100 });
    onProgress({ phase: 'restore', message: 'Restoring' });
    await restoring();
    const guest = new FakeGuest();
    adapt(guest);
    const vm = new FakeVm(guest);
    guests.push(guest);
    vms.push(vm);
    return { vm, restored: true };
  };
  const impl = new PlaygroundApi(launch, store);
  const rpc = new MessageChannel();
  Comlink.expose(impl, asPort(rpc.port1));
  const api = Comlink.wrap<WorkerApi>(asPort(rpc.port2));
  const events = new MessageChannel();
  const seen: WorkerEvent[] = [];
  events.port2.on('message', (e: WorkerEvent) => seen.push(e));
  closers.push(() => {
    rpc.port1.close();
    rpc.port2.close();
    events.port2.close();
    api[Comlink.releaseProxy]();
  });
  return {
    api,
    guests,
    vms,
    seen,
    store,
    learnerIdle,
    subscribe: () => api.subscribe(Comlink.transfer(asPort(events.port1), [asPort(events.port1)])),
  };
}

async function until<T>(fn: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('worker API over a MessageChannel', () => {
  it('reports boot progress, then ready, and the status follows', async () => {
    const t = connect();
    await t.subscribe();
    expect(await t.api.status()).toEqual({ state: 'idle' });
    const result = await t.api.boot();
    expect(result.restored).toBe(true);
    await until(() => t.seen.find((e) => e.type === 'vm/ready'), 'vm/ready');
    const types = t.seen.map((e) => e.type);
    expect(types.indexOf('vm/progress')).toBeLessThan(types.indexOf('vm/ready'));
    expect(t.seen).toContainEqual({
      type: 'vm/progress',
      phase: 'download',
      message: 'Downloading',
      loaded: 10,
      total: 100,
    });
    expect(await t.api.status()).toEqual({ state: 'ready' });
    // A second boot() (React mounting twice, a reconnect) does not start a second VM.
    await t.api.boot();
    expect(t.guests).toHaveLength(1);
  });

  it('runs a login shell under a PTY and batches its output', async () => {
    const t = connect();
    await t.subscribe();
    await t.api.boot();
    const id = await t.api.openTerminal({ cols: 100, rows: 30 });
    const proc = t.guests[0]!.processes[0]!;
    expect(proc.argv).toEqual(['bash', '-l']);
    expect(proc.options.tty).toEqual({ cols: 100, rows: 30 });
    expect(proc.options.cwd).toBe('/root/workspace');

    await t.api.writeTerminal(id, 'echo hi\r');
    expect(proc.input).toEqual(['echo hi\r']);

    for (let i = 0; i < 500; i++) proc.output(`${i}\n`);
    const out = await until(() => {
      const text = t.seen
        .filter((e) => e.type === 'term/output' && e.id === id)
        .map((e) => new TextDecoder().decode((e as { data: Uint8Array }).data))
        .join('');
      return text.endsWith('499\n') ? text : undefined;
    }, 'all output');
    expect(out).toBe(Array.from({ length: 500 }, (_, i) => `${i}\n`).join(''));
    const batches = t.seen.filter((e) => e.type === 'term/output').length;
    expect(batches).toBeLessThan(10);
  });

  it('tells the VM when a shell first shows output, so background work waits for the prompt', async () => {
    const t = connect();
    await t.subscribe();
    await t.api.boot();
    await t.api.openTerminal({ cols: 80, rows: 24 });
    expect(t.vms[0]!.shellsShown).toBe(0);
    t.guests[0]!.processes[0]!.output('root@wharf:~/workspace# ');
    await until(() => t.vms[0]!.shellsShown > 0, 'the shell reported as shown');
  });

  it('holds background work back while a learner command runs, not for keys sent to a shell that exited', async () => {
    const t = connect();
    await t.subscribe();
    await t.api.boot();
    const id = await t.api.openTerminal({ cols: 80, rows: 24 });
    const idleWithin = (ms: number) =>
      Promise.race([
        t.learnerIdle[0]!().then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
      ]);
    await t.api.writeTerminal(id, 'sleep 9\r');
    expect(await idleWithin(QUIET_MS + 500)).toBe(false); // the command runs: no prompt yet
    t.guests[0]!.processes[0]!.exit(0);
    await until(() => t.seen.some((e) => e.type === 'term/exit'), 'the exit');
    await t.api.writeTerminal(id, '\r');
    expect(await idleWithin(QUIET_MS + 1000)).toBe(true);
  });

  it('passes resizes on to the PTY, clamped to a sane size', async () => {
    const t = connect();
    await t.api.boot();
    const id = await t.api.openTerminal({ cols: 80, rows: 24 });
    await t.api.resizeTerminal(id, { cols: 132, rows: 43 });
    await t.api.resizeTerminal(id, { cols: 0, rows: 0 });
    expect(t.guests[0]!.processes[0]!.sizes).toEqual([
      [132, 43],
      [2, 1],
    ]);
  });

  it('reports the end of a shell, and closing sends SIGHUP', async () => {
    const t = connect();
    await t.subscribe();
    await t.api.boot();
    const a = await t.api.openTerminal({ cols: 80, rows: 24 });
    const b = await t.api.openTerminal({ cols: 80, rows: 24 });
    t.guests[0]!.processes[0]!.exit(0);
    await t.api.closeTerminal(b);
    expect(t.guests[0]!.processes[1]!.signals).toEqual([1]);
    await until(() => t.seen.filter((e) => e.type === 'term/exit').length === 2, 'two exits');
    expect(t.seen).toContainEqual({ type: 'term/exit', id: a, exitCode: 0 });
    expect(t.seen).toContainEqual({ type: 'term/exit', id: b, exitCode: 129 });
  });

  it('saves editor writes into the guest and puts them back after the next boot', async () => {
    const store = new MemoryWorkspaceStore();
    const first = connect(store);
    await first.api.boot();
    await first.api.writeWorkspaceFile('app/Dockerfile', 'FROM busybox\n');
    expect(new TextDecoder().decode(first.guests[0]!.files.get('/root/workspace/app/Dockerfile')!.data)).toBe(
      'FROM busybox\n',
    );

    const second = connect(store); // a page reload: a new worker, a fresh VM, the same browser storage
    await second.subscribe();
    await second.api.boot();
    expect(await second.api.readWorkspaceFile('app/Dockerfile')).toBe('FROM busybox\n');
    await until(() => second.seen.find((e) => e.type === 'fs/restored'), 'fs/restored');
    expect(second.seen).toContainEqual({ type: 'fs/restored', count: 1, notRestored: [] });
    expect((await second.api.listWorkspace()).map((e) => `${e.kind}:${e.path}`)).toEqual([
      'dir:app',
      'file:app/Dockerfile',
    ]);
  });

  it('is ready without waiting for a guest process (each costs seconds right after a restore)', async () => {
    const store = new MemoryWorkspaceStore();
    await store.putFile('kept.txt', new TextEncoder().encode('kept'));
    const t = connect(store, (guest) => {
      guest.exec = () => new Promise(() => undefined); // a guest whose processes never finish
    });
    await t.api.boot();
    expect(await t.api.status()).toEqual({ state: 'ready' });
    expect(new TextDecoder().decode(t.guests[0]!.files.get('/root/workspace/kept.txt')!.data)).toBe('kept');
  });

  it('finds files made in the terminal and keeps them for the next visit', async () => {
    const t = connect();
    await t.subscribe();
    await t.api.boot();
    await t.guests[0]!.writeFile('/root/workspace/notes.txt', 'from the shell');
    await pollOnce(t.api);
    const created = await until(
      () => t.seen.find((e) => e.type === 'fs/changed' && e.path === 'notes.txt'),
      'fs/changed for notes.txt',
    );
    expect(created).toMatchObject({ change: 'created', entry: { kind: 'file', size: 14 } });
    expect(new TextDecoder().decode(t.store.file('notes.txt'))).toBe('from the shell');
  });

  it('refuses paths that leave the workspace', async () => {
    const t = connect();
    await t.api.boot();
    await expect(t.api.writeWorkspaceFile('../.bashrc', 'x')).rejects.toThrow('invalid workspace path: "../.bashrc"');
    await expect(t.api.readWorkspaceFile('/etc/passwd')).rejects.toThrow('invalid workspace path');
  });

  it('forwards a preview request to a guest port and streams the answer back', async () => {
    const t = connect();
    await t.api.boot();
    let requestText = '';
    t.guests[0]!.connectHandler = async (target) => {
      expect(target).toEqual({ tcp: { host: '192.168.86.100', port: 8080 } });
      const [ours, theirs] = createStreamPair();
      theirs.onData((d) => {
        requestText += new TextDecoder().decode(d);
        if (requestText.includes('\r\n\r\n')) {
          theirs.write(
            new TextEncoder().encode(
              'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n',
            ),
          );
          theirs.write(new TextEncoder().encode('6\r\n<h1>hi\r\n6\r\n</h1>\n\r\n0\r\n\r\n'));
          theirs.end();
        }
      });
      return ours;
    };
    const serve = new MessageChannel();
    await t.api.servePreview(Comlink.transfer(asPort(serve.port1), [asPort(serve.port1)]));
    const reply = new MessageChannel();
    const replies: PreviewReply[] = [];
    reply.port2.on('message', (m: PreviewReply) => replies.push(m));
    serve.port2.postMessage(
      {
        guestPort: 8080,
        method: 'GET',
        path: '/index.html',
        headers: [
          ['Accept-Encoding', 'gzip'],
          ['Accept', 'text/html'],
        ],
        reply: reply.port1,
      },
      [reply.port1],
    );
    await until(() => replies.find((r) => r.type === 'end'), 'end of preview');
    serve.port2.close();
    reply.port2.close();
    expect(requestText).toMatch(/^GET \/index\.html HTTP\/1\.1\r\n/);
    expect(requestText).toContain('Accept: text/html');
    expect(requestText).not.toMatch(/accept-encoding/i);
    const head = replies[0];
    expect(head).toMatchObject({ type: 'head', status: 200 });
    expect(head?.type === 'head' && head.headers).toEqual([['Content-Type', 'text/html']]);
    const body = replies
      .filter((r) => r.type === 'body')
      .map((r) => new TextDecoder().decode(r.chunk))
      .join('');
    expect(body).toBe('<h1>hi</h1>\n');
  });

  it('answers a preview for a closed port with a 502 that names the port', async () => {
    const t = connect();
    await t.api.boot();
    const serve = new MessageChannel();
    await t.api.servePreview(Comlink.transfer(asPort(serve.port1), [asPort(serve.port1)]));
    const reply = new MessageChannel();
    const replies: PreviewReply[] = [];
    reply.port2.on('message', (m: PreviewReply) => replies.push(m));
    serve.port2.postMessage({ guestPort: 3000, method: 'GET', path: '/', headers: [], reply: reply.port1 }, [
      reply.port1,
    ]);
    const err = await until(() => replies.find((r) => r.type === 'error'), 'error');
    serve.port2.close();
    reply.port2.close();
    expect(err).toMatchObject({ status: 502, message: expect.stringContaining('guest port 3000') });
  });

  it('tells the page when the VM crashes: terminals end, an error screen can be shown', async () => {
    const t = connect();
    await t.subscribe();
    await t.api.boot();
    const id = await t.api.openTerminal({ cols: 80, rows: 24 });
    t.vms[0]!.crash('emulator stopped: out of memory');
    await until(() => t.seen.find((e) => e.type === 'vm/error'), 'vm/error');
    expect(t.seen).toContainEqual({ type: 'term/exit', id, exitCode: -1 });
    expect(t.seen).toContainEqual({
      type: 'vm/error',
      error: { kind: 'out-of-memory', message: 'emulator stopped: out of memory' },
    });
    expect(await t.api.status()).toMatchObject({ state: 'failed' });
    await expect(t.api.openTerminal({ cols: 80, rows: 24 })).rejects.toThrow('guest link closed');
  });

  it('reset stops the VM and restores a fresh one', async () => {
    const t = connect();
    await t.subscribe();
    await t.api.boot();
    await t.api.reset();
    expect(t.vms[0]!.stopped).toBe(true);
    expect(t.guests).toHaveLength(2);
    await until(() => t.seen.find((e) => e.type === 'vm/stopped'), 'vm/stopped');
    expect(t.seen).toContainEqual({ type: 'vm/stopped', reason: 'reset' });
    expect(await t.api.status()).toEqual({ state: 'ready' });
  });

  it('a reset while the VM still restores stops that VM when it comes up: one VM runs, and it is ready', async () => {
    const restores: (() => void)[] = [];
    const t = connect(undefined, undefined, () => new Promise<void>((resolve) => restores.push(resolve)));
    await t.subscribe();
    const first = t.api.boot();
    await until(() => restores.length === 1, 'the first restore');
    const second = t.api.reset();
    await until(() => restores.length === 2, 'the second restore');
    // The first VM comes up after the reset asked for a new one, the second after it.
    restores[0]!();
    await expect(first).rejects.toThrow('reset while it started');
    expect(t.vms[0]!.stopped).toBe(true);
    restores[1]!();
    await second;
    expect(t.vms[1]!.stopped).toBe(false);
    expect(await t.api.status()).toEqual({ state: 'ready' });
    expect(t.seen.filter((e) => e.type === 'vm/ready')).toHaveLength(1);
    expect(t.seen.some((e) => e.type === 'vm/error')).toBe(false);
    // A boot() now (the page reconnecting) gets the running VM, not a third one.
    await t.api.boot();
    expect(t.vms).toHaveLength(2);
  });
});

/** The workspace poll is timer-driven: watch for just over one interval, as the page does while the tree shows. */
async function pollOnce(api: Comlink.Remote<WorkerApi>): Promise<void> {
  await api.watchWorkspace(true);
  await new Promise((r) => setTimeout(r, 3100));
  await api.watchWorkspace(false);
}
