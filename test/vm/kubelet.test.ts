// The kubelet, service proxy and cluster DNS against the real guest: pods are real Docker containers in v86.
// One VM for the whole file (booting costs tens of seconds); every container start costs seconds in the emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../src/cluster/objects/index.js';
import { isReady, startKubeletHarness, waitingReason, type KubeletHarness } from './kubelet-harness.js';

let h: KubeletHarness;
const text = (parts: Uint8Array[]) => new TextDecoder().decode(Buffer.concat(parts));

beforeAll(async () => {
  h = await startKubeletHarness();
}, 900_000);

afterAll(async () => {
  if (h?.logs.length) console.log(`kubelet/proxy log:\n${h.logs.join('\n')}`);
  await h?.stop();
});

const pod = (name: string, spec: object, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels },
  // Bound directly, as the scheduler would: these tests are about the node side.
  spec: { nodeName: 'wharf', ...spec },
});

/** A NodePort Service selecting `app: <name>`, port 8080 to the pods' port 80. */
const nodePortService = (name: string, clusterIP: string, nodePort: number) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'NodePort',
    clusterIP,
    selector: { app: name },
    ports: [{ port: 8080, targetPort: 80, nodePort, protocol: 'TCP' }],
  },
});

/** Run argv in a pod's container through the PodRuntime (what `kubectl exec` uses); output and exit code. */
async function exec(name: string, argv: string[]): Promise<{ out: string; err: string; code: number }> {
  const session = await h.node.runtime.exec('default', name, undefined, argv);
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  session.onStdout((d) => out.push(d));
  session.onStderr((d) => err.push(d));
  const { exitCode } = await session.exited;
  return { out: text(out), err: text(err), code: exitCode };
}

describe('kubelet on the guest Docker', () => {
  it('runs an nginx pod as a Docker container that becomes Running and Ready with a pod IP', async () => {
    await h.create(
      'pods',
      pod('web', { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] }, { app: 'web' }),
    );
    const ready = await h.waitForPod('web', isReady, 600_000);
    expect(ready.status?.phase).toBe('Running');
    expect(ready.status?.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(ready.status?.hostIP).toBe('192.168.86.100');
    expect(ready.status?.containerStatuses?.[0]).toMatchObject({ name: 'nginx', ready: true, restartCount: 0 });
    expect(ready.status?.containerStatuses?.[0]?.containerID).toMatch(/^docker:\/\/[0-9a-f]{64}$/);
    const names = await h.sh("docker ps --format '{{.Names}}'");
    expect(names).toContain(`k8s_nginx_web_default_${ready.metadata.uid}_0`);
    // The pod answers on its IP from the guest (the node), as on a real node.
    expect(await h.sh(`curl -s -o /dev/null -w '%{http_code}' http://${ready.status?.podIP}/`)).toBe('200');
    const events = h.store
      .list('events', { namespace: 'default' })
      .items.map((e) => (e as unknown as { reason: string }).reason);
    expect(events).toEqual(expect.arrayContaining(['Created', 'Started']));
  }, 900_000);

  it('gives logs and exec through the PodRuntime', async () => {
    await h.create(
      'pods',
      pod('talker', {
        containers: [
          {
            name: 'sh',
            image: 'busybox',
            command: ['sh', '-c', 'echo hello from $(POD_NAME); echo oops >&2; exec sleep 3600'],
            env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          },
        ],
      }),
    );
    await h.waitForPod('talker', isReady, 600_000);
    const readLog = async () => {
      const log = await h.node.runtime.logs('default', 'talker', undefined, {});
      const chunks: Uint8Array[] = [];
      log.onData((d) => chunks.push(d));
      await new Promise<void>((r) => log.onEnd(r));
      return text(chunks).split('\n').sort();
    };
    // Ready comes right after the start (no probe), possibly before the shell has written both lines; Docker copies
    // stdout and stderr separately, so their relative order in the log is not guaranteed either.
    await expect.poll(readLog, { timeout: 120_000, interval: 2_000 }).toEqual(['', 'hello from talker', 'oops']);

    expect(await exec('talker', ['cat', '/etc/hostname'])).toMatchObject({ out: 'talker\n', code: 0 });
    expect(await exec('talker', ['sh', '-c', 'echo to-stderr >&2; exit 3'])).toMatchObject({
      err: 'to-stderr\n',
      code: 3,
    });
    const resolv = await exec('talker', ['cat', '/etc/resolv.conf']);
    expect(resolv.out).toContain('nameserver 10.96.0.10');
    expect(resolv.out).toContain('search default.svc.cluster.local svc.cluster.local cluster.local');
    await expect(h.node.runtime.exec('default', 'talker', 'nope', ['true'])).rejects.toThrow(
      'container nope is not valid for pod talker',
    );
  }, 900_000);

  it('reports ErrImagePull, then ImagePullBackOff, for an image that does not exist', async () => {
    await h.create('pods', pod('ghost', { containers: [{ name: 'app', image: 'wharf-no-such-image:1.0' }] }));
    const seen = new Set<string>();
    await h.waitForPod(
      'ghost',
      (p: Pod) => {
        const reason = waitingReason(p);
        if (reason) seen.add(reason);
        return reason === 'ImagePullBackOff';
      },
      600_000,
    );
    expect([...seen]).toContain('ErrImagePull');
    const failed = h.store
      .list('events', { namespace: 'default' })
      .items.map((e) => e as unknown as { reason: string; message: string; involvedObject: { name: string } })
      .filter((e) => e.involvedObject.name === 'ghost' && e.reason === 'Failed');
    expect(failed.map((e) => e.message)).toEqual(expect.arrayContaining(['Error: ErrImagePull']));
  }, 900_000);

  it('restarts a crashing container with back-off: CrashLoopBackOff and a growing restartCount', async () => {
    await h.create(
      'pods',
      pod('crasher', { containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', 'echo dying; exit 2'] }] }),
    );
    const looping = await h.waitForPod(
      'crasher',
      (p) => waitingReason(p) === 'CrashLoopBackOff' && (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1,
      600_000,
    );
    const status = looping.status!.containerStatuses![0]!;
    expect(status.lastState?.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(looping.status?.phase).toBe('Running');
    const previous = await h.node.runtime.logs('default', 'crasher', 'app', { previous: true });
    const chunks: Uint8Array[] = [];
    previous.onData((d) => chunks.push(d));
    await new Promise<void>((r) => previous.onEnd(r));
    expect(text(chunks)).toBe('dying\n');
  }, 900_000);

  it('resolves the service name from a pod, and serves the service on its ClusterIP and NodePort in the guest', async () => {
    await h.create('services', nodePortService('web', '10.96.100.10', 30080));
    // The proxy writes the DNS record and reloads dnsmasq in its next (debounced) batch.
    const lookup = async () => (await exec('talker', ['nslookup', 'web.default.svc.cluster.local'])).out;
    await expect.poll(lookup, { timeout: 300_000, interval: 2_000 }).toContain('Address: 10.96.100.10');
    // The endpoints controller fills in the ready nginx pod; the proxy applies rules once they arrive.
    const direct = await h.sh(`curl -s http://${h.pod('web')!.status!.podIP}/`);
    const viaNodePort = () => h.sh('curl -s -m 20 http://127.0.0.1:30080/').catch(() => '');
    await expect.poll(viaNodePort, { timeout: 300_000, interval: 3_000 }).toBe(direct);
    expect(await h.sh('curl -s -m 20 http://10.96.100.10:8080/')).toBe(direct);
    expect(await h.sh('iptables -t nat -S KUBE-SERVICES')).toContain('default/web cluster IP');
  }, 900_000);

  it('serves a ClusterIP service by DNS name to another pod', async () => {
    const direct = await h.sh(`curl -s http://${h.pod('web')!.status!.podIP}/`);
    // busybox's own `timeout`, not `wget -T`: Debian's static busybox wget crashes (SIGSEGV) with -T in the guest.
    const fromPod = async () => (await exec('talker', ['timeout', '60', 'wget', '-qO-', 'http://web:8080/'])).out;
    await expect.poll(fromPod, { timeout: 300_000, interval: 3_000 }).toBe(direct);
  }, 900_000);

  it('refuses a connection to a Service without endpoints at once, from the guest and from a pod', async () => {
    await h.create('services', nodePortService('nobody', '10.96.100.20', 30090));
    // kube-proxy's REJECT: curl's "couldn't connect" (exit 7) at once, not its 20 s timeout (exit 28).
    const curl = (url: string) => h.sh(`curl -s -m 20 ${url}; echo "exit=$?"`).catch((e: unknown) => String(e));
    await expect.poll(() => curl('http://10.96.100.20:8080/'), { timeout: 300_000, interval: 2_000 }).toBe('exit=7\n');
    expect(await curl('http://127.0.0.1:30090/')).toBe('exit=7\n');
    // From a pod by the Service's name (once the cluster DNS has it): refused too, where a timeout would say nothing.
    const fromPod = async () => (await exec('talker', ['timeout', '20', 'wget', '-qO-', 'http://nobody:8080/'])).err;
    await expect.poll(fromPod, { timeout: 120_000, interval: 2_000 }).toContain('Connection refused');
    expect(await h.sh('iptables -S KUBE-SERVICES')).toContain('default/nobody has no endpoints');
  }, 900_000);

  it("rewrites a mounted ConfigMap's files in the running container after the ConfigMap changes", async () => {
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'motd', namespace: 'default' },
      data: { 'motd.txt': 'first\n', 'old.txt': 'gone soon\n' },
    };
    await h.create('configmaps', configMap);
    await h.create(
      'pods',
      pod('reader', {
        containers: [
          {
            name: 'c',
            image: 'busybox',
            command: ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'],
            volumeMounts: [{ name: 'm', mountPath: '/etc/motd.d' }],
          },
        ],
        volumes: [{ name: 'm', configMap: { name: 'motd' } }],
      }),
    );
    await h.waitForPod('reader', isReady, 600_000);
    // In the order of the files' names: motd.txt, then new.txt (or old.txt).
    const read = async () => (await exec('reader', ['sh', '-c', 'cat /etc/motd.d/*'])).out;
    expect(await read()).toBe('first\ngone soon\n');
    const stored = h.store.get('configmaps', 'default', 'motd')!;
    h.store.update('configmaps', { ...stored, data: { 'motd.txt': 'second\n', 'new.txt': 'added\n' } } as never);
    // The kubelet's periodic sync (about 30 s here, a minute or so on a real node) writes the new content.
    await expect.poll(read, { timeout: 180_000, interval: 3_000 }).toBe('second\nadded\n');
  }, 900_000);

  it('deletes a pod gracefully: the containers are stopped and removed, then the pod is gone', async () => {
    const uid = h.pod('talker')!.metadata.uid!;
    await h.port.delete('pods', 'default', 'talker', { gracePeriodSeconds: 2 });
    await expect.poll(() => h.pod('talker'), { timeout: 300_000, interval: 1_000 }).toBeUndefined();
    expect(await h.sh(`docker ps -a --filter label=io.kubernetes.pod.uid=${uid} --format '{{.Names}}'`)).toBe('');
  }, 900_000);
});
