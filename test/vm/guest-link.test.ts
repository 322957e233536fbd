// The guest link against the real VM: wharf-agent over virtio-console port 1 in v86, restored from the snapshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuestFileError, GuestTimeoutError } from '../../src/protocol/guest-link.js';
import type { WharfVm } from '../../src/vm/index.js';
import { WORKSPACE_ROOT } from '../../src/protocol/worker-api.js';
import type { WorkerEvent } from '../../src/protocol/worker-events.js';
import { TerminalSessions } from '../../src/worker/terminal-sessions.js';
import { bootVm, sh, text } from './boot.js';

describe('guest link in the real VM', () => {
  let vm: WharfVm;
  beforeAll(async () => {
    vm = await bootVm();
  });
  afterAll(async () => {
    await vm?.destroy();
  });

  // First, while the VM is freshly restored: the snapshot's spare login shell is there for the first terminal only.
  it("hands the snapshot's idle login shell to the first terminal: its prompt, its size, the workspace", async () => {
    expect(vm.manifest.snapshot?.spareShell, 'this build has no spare shell: rebuild with npm run build:vm').toBe(true);
    // The restore's HELLO reset every channel of the host that saved the state, but not the spare.
    const spare = await vm.link.spareStatus();
    expect(spare?.heldBytes).toBeGreaterThan(0);
    const events: WorkerEvent[] = [];
    const terminals = new TerminalSessions(
      () => vm.link,
      (e) => events.push(e),
    );
    const output = (id: string) =>
      events
        .map((e) => (e.type === 'term/output' && e.id === id ? text(e.data) : ''))
        .join('')
        // eslint-disable-next-line no-control-regex -- terminal escape sequences begin with ESC
        .replace(/\r|\x1b\[[0-9;?]*[A-Za-z]/g, ''); // CR and escape sequences (colours, bracketed paste)
    const first = await terminals.open({ cols: 97, rows: 31 });
    await until(() => output(first).includes('root@wharf'), 30_000);
    expect(await vm.link.spareStatus()).toBeUndefined();
    terminals.write(first, 'stty size; pwd; echo "pid=$$"\n');
    await until(() => /\npid=\d+\n/.test(output(first)));
    expect(output(first)).toContain('\n31 97\n');
    expect(output(first)).toContain(`\n${WORKSPACE_ROOT}\n`);
    expect(output(first)).toContain(`\npid=${spare!.pid}\n`);

    // A second terminal is a fresh login shell.
    const second = await terminals.open({ cols: 70, rows: 20 });
    await until(() => output(second).includes('root@wharf'), 120_000);
    // It ignores SIGHUP: closing its tab must still end it (SIGKILL after the grace).
    terminals.write(second, `trap '' HUP; stty size; echo "pid=$$"\n`);
    await until(() => /\npid=\d+\n/.test(output(second)));
    expect(output(second)).toContain('\n20 70\n');
    expect(output(second)).not.toContain(`\npid=${spare!.pid}\n`);
    terminals.close(first);
    terminals.close(second);
    await until(() => events.filter((e) => e.type === 'term/exit').length === 2);
  });

  it('runs commands with exit codes, stdout, stderr and stdin', async () => {
    const r = await vm.link.exec(['sh', '-c', 'read line; echo "got:$line"; echo oops >&2; exit 4'], {
      stdin: 'hello\n',
    });
    expect(r.exitCode).toBe(4);
    expect(text(r.stdout)).toBe('got:hello\n');
    expect(text(r.stderr)).toBe('oops\n');
    expect((await sh(vm, 'uname -m; id -u')).split('\n')).toEqual(['i686', '0', '']);
  });

  it('kills a command on timeout', async () => {
    await expect(vm.link.exec(['sleep', '60'], { timeoutMs: 1500 })).rejects.toBeInstanceOf(GuestTimeoutError);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await sh(vm, 'pgrep -x sleep || echo none')).toBe('none\n');
  });

  it('writes and reads files natively', async () => {
    const data = new Uint8Array(300_000).map((_, i) => (i * 31) & 0xff);
    await vm.link.writeFile('/tmp/wharf-test/nested/blob.bin', data, { mode: 0o640 });
    expect(await sh(vm, 'stat -c "%s %a" /tmp/wharf-test/nested/blob.bin')).toBe('300000 640\n');
    const back = await vm.link.readFile('/tmp/wharf-test/nested/blob.bin');
    expect(Buffer.compare(Buffer.from(back), Buffer.from(data))).toBe(0);
    await expect(vm.link.readFile('/no/such/file')).rejects.toBeInstanceOf(GuestFileError);
  });

  it('gives a PTY its size and resizes it', async () => {
    const proc = await vm.link.spawn(['sh'], { tty: { cols: 91, rows: 27 } });
    let out = '';
    proc.onStdout((d) => (out += text(d)));
    proc.stdin.write('stty size\n');
    await until(() => out.includes('27 91'));
    proc.resize(120, 40);
    proc.stdin.write('stty size; exit 3\n');
    expect(await proc.exited).toEqual({ exitCode: 3 });
    expect(out).toContain('40 120');
  });

  it('reaches the Docker Engine API on /var/run/docker.sock', async () => {
    const stream = await vm.link.connect({ unix: '/var/run/docker.sock' });
    let response = '';
    stream.onData((d) => (response += text(d)));
    stream.write(new TextEncoder().encode('GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n'));
    await new Promise<void>((r) => stream.onEnd(r));
    expect(response).toMatch(/^HTTP\/1.1 200 OK/);
    expect(response.endsWith('OK')).toBe(true);
  });

  it('serves guest-initiated TCP to 192.168.86.1:<port> from a host handler', async () => {
    const handled = vm.network.listen(7777, (stream) => {
      stream.onData((d) => {
        stream.write(
          new TextEncoder().encode(`HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhost saw ${d.length} bytes`),
        );
        stream.end();
      });
    });
    try {
      const body = await sh(vm, 'curl -s --max-time 60 http://192.168.86.1:7777/hello');
      expect(body).toMatch(/^host saw \d+ bytes$/);
    } finally {
      handled.dispose();
    }
  });

  it('is offline: no name resolves, and port 80 anywhere is refused rather than fetched by the host', async () => {
    // getent exits 2 for a name the resolver says does not exist (a timeout would be a different code, much later).
    expect(await sh(vm, 'getent hosts registry-1.docker.io; echo "exit=$?"')).toBe('exit=2\n');
    // curl 7 is "couldn't connect"; v86's fetch adapter would have answered, through the host's fetch().
    expect(await sh(vm, 'curl -s -m 20 -H "Host: example.org" http://1.2.3.4/; echo "exit=$?"')).toBe('exit=7\n');
    expect(await sh(vm, 'curl -s -m 20 http://192.168.86.1/; echo "exit=$?"')).toBe('exit=7\n');
  });

  it('opens host-initiated TCP into the guest', async () => {
    await sh(vm, "(echo 'from-guest' | busybox nc -l -p 7070 >/dev/null 2>&1 &) ; sleep 1");
    const stream = await vm.network.connectGuestTcp(7070);
    let got = '';
    stream.onData((d) => (got += text(d)));
    await until(() => got.includes('from-guest'), 30_000);
    stream.close();
  });

  it('answers pings and reports ready state', async () => {
    expect(vm.state).toBe('ready');
  });
});

async function until(cond: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for the guest');
    await new Promise((r) => setTimeout(r, 50));
  }
}
