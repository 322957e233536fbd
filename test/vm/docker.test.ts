// The Docker acceptance list, run in the real guest through the guest link (the same path the terminal and the
// lesson checks use). Needs the pre-loaded images of the build (busybox, nginx).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WharfVm } from '../../src/vm/index.js';
import { WARM_UP_COMMANDS } from '../../src/vm/warm-up.js';
import { bootVm, sh, text } from './boot.js';

/** HTTP GET through the guest link to a guest TCP port (e.g. a container's published port). */
async function httpGet(vm: WharfVm, port: number, path = '/'): Promise<string> {
  const stream = await vm.link.connect({ tcp: { port } });
  let response = '';
  stream.onData((d) => (response += new TextDecoder().decode(d)));
  const done = new Promise<void>((r) => stream.onEnd(r));
  stream.write(new TextEncoder().encode(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`));
  await done;
  stream.close();
  return response;
}

/** Retry until a freshly started server answers. */
async function httpGetWhenUp(vm: WharfVm, port: number, ms = 120_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const r = await httpGet(vm, port);
      if (r.startsWith('HTTP/')) return r;
    } catch (error) {
      if (Date.now() > end) throw error;
    }
    if (Date.now() > end) throw new Error(`nothing answered HTTP on guest port ${port}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

describe('Docker in the real guest', () => {
  let vm: WharfVm;
  beforeAll(async () => {
    vm = await bootVm();
  });
  afterAll(async () => {
    await vm?.destroy();
  });

  it('docker info and docker ps answer', async () => {
    expect(await sh(vm, 'docker info')).toMatch(/Storage Driver: overlay2/);
    expect(await sh(vm, 'docker ps')).toMatch(/^CONTAINER ID\s+IMAGE\s+COMMAND/);
  });

  it('kubectl is present', async () => {
    expect(await sh(vm, 'kubectl version --client')).toMatch(/Client Version/);
  });

  it("kubectl's completion script is the one the guest's own kubectl prints", async () => {
    // The build writes it with an amd64 kubectl of the same Debian version (no guest Go program runs at build time).
    const shipped = await sh(vm, 'cat /usr/share/bash-completion/completions/kubectl');
    expect(shipped).toMatch(/__start_kubectl/);
    expect(await sh(vm, 'kubectl completion bash')).toBe(shipped);
  });

  it('a new terminal starts without bash-completion, and the first Tab loads it and completes', async () => {
    const bash = await vm.link.spawn(['bash', '-i'], { tty: { cols: 120, rows: 30 } });
    let screen = '';
    bash.onStdout((d) => (screen += new TextDecoder().decode(d)));
    const waitFor = async (pattern: RegExp, ms = 120_000) => {
      const end = Date.now() + ms;
      while (!pattern.test(screen)) {
        if (Date.now() > end) throw new Error(`terminal never showed ${pattern}; it shows:\n${screen.slice(-400)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    try {
      await waitFor(/root@wharf/);
      bash.stdin.write(
        'type _completion_loader >/dev/null 2>&1 && echo "is-$((6*7))-loaded" || echo "is-$((6*7))-lazy"\r',
      );
      await waitFor(/is-42-(loaded|lazy)/);
      expect(screen).toContain('is-42-lazy');
      screen = '';
      bash.stdin.write('docker versi\t');
      await waitFor(/docker version /);
      bash.stdin.write('\x15exit\r');
      await bash.exited;
    } finally {
      bash.kill(9);
    }
  });

  it('docker run prints the container output', async () => {
    expect(await sh(vm, 'docker run --rm busybox echo hi')).toBe('hi\n');
  });

  it('docker build with FROM/RUN/COPY/CMD, then run the image', { timeout: 600_000 }, async () => {
    await vm.link.writeFile('/root/build1/hello.txt', 'copied into the image\n');
    await vm.link.writeFile(
      '/root/build1/Dockerfile',
      'FROM busybox\nRUN echo built > /built.txt\nCOPY hello.txt /hello.txt\nCMD ["sh", "-c", "cat /built.txt /hello.txt"]\n',
    );
    await sh(vm, 'cd /root/build1 && docker build -t wharf-test/build1 .');
    expect(await sh(vm, 'docker run --rm wharf-test/build1')).toBe('built\ncopied into the image\n');
  });

  it('docker logs and docker exec on a running container', async () => {
    await sh(vm, "docker run -d --name logger busybox sh -c 'echo line1; echo line2; sleep 600'");
    try {
      await sh(vm, 'for i in $(seq 60); do docker logs logger | grep -q line2 && exit 0; sleep 1; done; exit 1');
      expect(await sh(vm, 'docker logs logger')).toBe('line1\nline2\n');
      expect(await sh(vm, 'docker exec logger sh -c "echo exec-ok; hostname"')).toMatch(/^exec-ok\n[0-9a-f]{12}\n$/);
    } finally {
      await sh(vm, 'docker rm -f logger');
    }
  });

  it('every warm-up command succeeds and the warm-up leaves no image or container behind', async () => {
    // warmUp() ignores failures (it is only a warm-up), so a broken command would silently warm nothing.
    const traces = () => sh(vm, 'docker images -a -q --no-trunc | sort -u; echo --; docker ps -a -q --no-trunc');
    const before = await traces();
    for (const argv of WARM_UP_COMMANDS) {
      const r = await vm.link.exec([...argv], { timeoutMs: 240_000 });
      if (argv.join(' ') === 'kubectl get pods') {
        // This VM has no control plane on its host side (the playground's does): kubectl gets as far as connecting.
        expect({ argv, exitCode: r.exitCode }).toEqual({ argv, exitCode: 1 });
        expect(text(r.stderr)).toMatch(/192\.168\.86\.1:6443.*refused/);
        continue;
      }
      expect({ argv, exitCode: r.exitCode, stderr: text(r.stderr) }).toEqual({ argv, exitCode: 0, stderr: '' });
    }
    expect(await traces()).toBe(before);
  });

  it("dockerd's re-executions of itself are served by dockerd-reexec, the daemon still by dockerd", async () => {
    // image/shortcuts: binfmt_misc hands every exec of dockerd's binary to dockerd-reexec. Were the entry lost,
    // containers would still work (dockerd serves its own tasks), only seconds slower: check the mechanism itself.
    const entry = await sh(vm, 'cat /proc/sys/fs/binfmt_misc/wharf-dockerd');
    expect(entry).toMatch(/^enabled\ninterpreter \/usr\/local\/libexec\/wharf\/dockerd-reexec\nflags: PO\n/);
    expect((await sh(vm, 'readlink /proc/$(pidof dockerd)/exe')).trim()).toBe('/usr/sbin/dockerd');
    // The libnetwork-setkey task blocks reading the runtime state on stdin: whose process is it meanwhile?
    const task = [
      'mkfifo /tmp/state',
      "bash -c 'exec -a libnetwork-setkey /usr/sbin/dockerd -exec-root=/nowhere 1a 2b' </tmp/state 2>/dev/null &",
      'exec 3>/tmp/state',
      // until the exec happened (the fifo's open returned): then the process is no longer bash
      'for i in $(seq 100); do e=$(readlink /proc/$!/exe); case $e in *bash) sleep 0.2;; *) break;; esac; done',
      'echo $e; exec 3>&-; wait; rm -f /tmp/state',
    ].join('\n');
    const exe = text((await vm.link.exec(['bash', '-c', task], { timeoutMs: 120_000 })).stdout);
    expect(exe.trim()).toBe('/usr/local/libexec/wharf/dockerd-reexec');
    // Anything else runs the real dockerd, and the entry is switched back on afterwards.
    expect(await sh(vm, 'dockerd --version')).toMatch(/^Docker version 20\.10\./);
    expect(await sh(vm, 'sleep 1; head -1 /proc/sys/fs/binfmt_misc/wharf-dockerd')).toBe('enabled\n');
    // set-ipv6 did its work: IPv6 is off on the container's interfaces, and the network is up.
    expect(await sh(vm, 'docker run --rm busybox cat /proc/sys/net/ipv6/conf/all/disable_ipv6')).toBe('1\n');
    await sh(vm, 'docker run -d --name hooked busybox sleep 600');
    try {
      expect(await sh(vm, 'docker exec hooked ip -o -4 addr show eth0')).toMatch(/inet 172\.17\./);
    } finally {
      await sh(vm, 'docker rm -f hooked');
    }
  });

  it("setup-resolver's DNS rules in a user network's container are the ones dockerd's own handler writes", async () => {
    // With the binfmt entry switched off for one container, dockerd serves the task itself: compare the nat tables.
    await sh(vm, 'docker network create dnsnet');
    const entry = '/proc/sys/fs/binfmt_misc/wharf-dockerd';
    const natRules = async (name: string) => {
      await sh(vm, `docker run -d --name ${name} --network dnsnet busybox sleep 600`);
      const pid = (await sh(vm, `docker inspect -f '{{.State.Pid}}' ${name}`)).trim();
      // the embedded DNS server's ports differ per container
      return sh(
        vm,
        `nsenter -t ${pid} -n iptables -t nat -S | sed -E 's/:[0-9]+/:PORT/g; s/--sport [0-9]+/--sport PORT/'`,
      );
    };
    try {
      const ours = await natRules('dns-ours');
      await sh(vm, `echo 0 >${entry}`);
      const dockerds = await natRules('dns-dockerd').finally(() => sh(vm, `echo 1 >${entry}`));
      expect(ours).toContain('-A DOCKER_OUTPUT -d 127.0.0.11/32 -p udp -m udp --dport 53 -j DNAT');
      expect(ours).toBe(dockerds);
    } finally {
      await sh(vm, 'docker rm -f dns-ours dns-dockerd; docker network rm dnsnet');
    }
  });

  it("the shim's delete after a normal exit is answered without the Go shim, anything else goes to it", async () => {
    // image/shortcuts/shim-delete.c, as containerd calls it: cwd the bundle, the runtime root from options.json.
    const call =
      'cd /tmp/b/moby/c1 && containerd-shim-runc-v2 -namespace moby -address /run/containerd/containerd.sock ' +
      '-publish-binary /usr/bin/containerd -id c1 -bundle /tmp/b/moby/c1 delete';
    await sh(vm, `mkdir -p /tmp/b/moby/c1/rootfs /tmp/rt && echo '{"root":"/tmp/rt"}' >/tmp/b/moby/c1/options.json`);
    await sh(vm, 'printf 4242 >/tmp/b/moby/c1/init.pid && printf /usr/bin/crun >/tmp/b/moby/c1/runtime');
    // DeleteResponse{pid: 4242, exit_status: 137, exited_at: {seconds: now...}} in protobuf.
    const fast = await vm.link.exec(['sh', '-c', `${call} | od -An -tx1 -v | tr -d ' \n'`], { timeoutMs: 60_000 });
    expect(text(fast.stderr)).toBe('');
    const answer = text(fast.stdout);
    // 4242 = varint 92 21, 137 = varint 89 01, then the timestamp message (field 3) with its seconds (field 1).
    expect(answer).toMatch(/^0892211089011a[0-9a-f]{2}08[0-9a-f]+$/);
    expect(await sh(vm, 'command -v containerd-shim-runc-v2')).toBe('/usr/local/sbin/containerd-shim-runc-v2\n');
    // The runtime still has state for the container: the real (Go) shim runs; its log lines name its runtime.
    await sh(vm, 'mkdir -p /tmp/rt/moby/c1');
    const real = await vm.link.exec(['sh', '-c', `${call} | od -An -tx1 | head -1`], { timeoutMs: 120_000 });
    expect(text(real.stderr)).toMatch(/runtime=io\.containerd\.runc\.v2/);
    await sh(vm, 'rm -rf /tmp/b /tmp/rt');
  });

  it('a named volume keeps data across containers', async () => {
    await sh(vm, 'docker volume create wharf-data');
    await sh(vm, "docker run --rm -v wharf-data:/data busybox sh -c 'echo persisted > /data/f'");
    expect(await sh(vm, 'docker run --rm -v wharf-data:/data busybox cat /data/f')).toBe('persisted\n');
    await sh(vm, 'docker volume rm wharf-data');
  });

  it('two containers on a user network talk by name', async () => {
    await sh(vm, 'docker network create appnet');
    try {
      await sh(
        vm,
        "docker run -d --name srv --network appnet busybox sh -c 'echo hello-from-srv > /index.html; httpd -f -p 8000 -h /'",
      );
      const got = await sh(
        vm,
        'for i in $(seq 30); do docker run --rm --network appnet busybox wget -qO- http://srv:8000/index.html && exit 0; sleep 1; done; exit 1',
      );
      expect(got).toBe('hello-from-srv\n');
    } finally {
      await sh(vm, 'docker rm -f srv; docker network rm appnet');
    }
  });

  it('a published nginx port answers through the guest link', async () => {
    await sh(vm, 'docker run -d --name web -p 8080:80 nginx');
    try {
      const response = await httpGetWhenUp(vm, 8080);
      expect(response).toMatch(/^HTTP\/1.1 200 OK/);
      expect(response).toContain('<title>Welcome to nginx!</title>');
    } finally {
      await sh(vm, 'docker rm -f web');
    }
  });

  // The seeds' Flask example (a python:3.11-slim image, pip install -r requirements.txt, a published port) and a
  // two-service Compose app whose services reach each other by name are lessons of the course now
  // (lessons/images-and-dockerfiles, lessons/compose), proven on this guest by the lessons tier.
});
