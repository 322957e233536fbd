// wharf-crun as Docker's default runtime, live: correctness (bridge, user network by name, -p, none, host,
// container:<id>, docker logs) and alternating timings; dockerd debug timeline of one run.
import { readFileSync } from 'node:fs';
import { bootVm, text } from '../test/vm/boot.js';
const vm = await bootVm();
const T0 = performance.now();
async function t(label: string, argv: string[], stdin?: Uint8Array | string) {
  const s = performance.now();
  const r = await vm.link.exec(argv, { timeoutMs: 600_000, ...(stdin ? { stdin } : {}) });
  const sec = (performance.now() - s) / 1000;
  console.log(
    `[${((s - T0) / 1000).toFixed(1)}] ${label}: ${sec.toFixed(2)} s exit ${r.exitCode} | ${text(r.stdout).trim().slice(0, 4000)} | ${text(r.stderr).trim().slice(0, 600)}`,
  );
  return sec;
}
const sh = (label: string, script: string, stdin?: Uint8Array | string) => t(label, ['sh', '-c', script], stdin);
await sh(
  'install',
  'mkdir -p /usr/local/libexec/wharf && cat >/usr/local/libexec/wharf/wharf-setkey && chmod 755 /usr/local/libexec/wharf/wharf-setkey',
  readFileSync('/tmp/wharf-setkey'),
);
await sh(
  'install',
  'cat >/usr/local/libexec/wharf/wharf-crun && chmod 755 /usr/local/libexec/wharf/wharf-crun',
  readFileSync('/tmp/wharf-crun'),
);
const cfg = JSON.parse(readFileSync(process.env.DAEMON_JSON ?? 'image/rootfs/etc/docker/daemon.json', 'utf8'));
cfg.runtimes['wharf-crun'] = { path: '/usr/local/libexec/wharf/wharf-crun' };
cfg['default-runtime'] = 'wharf-crun';
cfg.debug = true;
await sh(
  'reload',
  'cat >/etc/docker/daemon.json && kill -HUP $(pidof dockerd); sleep 3; ls -la /proc/$(pidof dockerd)/fd/1 /proc/$(pidof dockerd)/fd/2; ls -la /var/log; tail -5 /var/log/dockerd.log',
  JSON.stringify(cfg),
);
await t('warm0', ['docker', 'run', '--rm', 'busybox', 'echo', 'hi']);
await sh(
  'bridge',
  'docker run --rm busybox sh -c "ip -4 -o addr; ip route; ping -c1 -W2 192.168.86.1 >/dev/null && echo gw-ok"',
);
await sh(
  'user net by name',
  'docker network create wn >/dev/null && docker run -d --name wa --network wn busybox sleep 120 >/dev/null && docker run --rm --network wn busybox ping -c1 -W3 wa; docker rm -f wa >/dev/null; docker network rm wn',
);
await sh(
  '-p publish',
  'docker run -d --name wp -p 8080:80 nginx >/dev/null && sleep 3; for i in 1 2 3 4 5 6 7 8 9 10; do curl -s -m 5 localhost:8080 | grep -o "<title>.*</title>" && break; sleep 2; done; curl -s -m 5 192.168.86.100:8080 | grep -o "<title>.*</title>"; docker rm -f wp >/dev/null',
);
await sh('none', 'docker run --rm --network none busybox ip -o link');
await sh('host', 'docker run --rm --network host busybox hostname');
await sh(
  'container:',
  'docker run -d --name sb busybox sleep 120 >/dev/null && docker exec sb ip -4 -o addr show eth0 && docker run --rm --network container:sb busybox ip -4 -o addr show eth0; docker rm -f sb >/dev/null',
);
await sh(
  'logs',
  'id=$(docker run -d busybox echo logged); docker wait $id >/dev/null; docker logs $id; docker rm $id >/dev/null',
);
await sh('runc still', 'docker run --rm --runtime runc busybox echo runc-ok');
await sh(
  'no leftovers',
  'ls /run/docker/netns/ 2>/dev/null; docker ps -a -q | wc -l; ps -o pid,args | grep -c libnetwork-setkey',
);
await sh('mark', 'echo ===MARK=== >>/var/log/dockerd.log');
await t('traced wrapper', ['docker', 'run', '--rm', 'busybox', 'echo', 'hi']);
await sh('mark', 'echo ===MARK2=== >>/var/log/dockerd.log');
await t('traced crun', ['docker', 'run', '--rm', '--runtime', 'crun', 'busybox', 'echo', 'hi']);
await sh('dockerd log', "sed -n '/===MARK===/,$p' /var/log/dockerd.log | cut -c1-230");
const run = (extra: string[]) => ['docker', 'run', '--rm', ...extra, 'busybox', 'echo', 'hi'];
const variants: Record<string, string[]> = { wrapper: [], crun: ['--runtime', 'crun'] };
const res: Record<string, number[]> = {};
await sh('load', 'cat /proc/loadavg');
for (let i = 0; i < 5; i++) for (const [k, v] of Object.entries(variants)) (res[k] ??= []).push(await t(k, run(v)));
const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
for (const [k, v] of Object.entries(res))
  console.log(k.padEnd(20), v.map((x) => x.toFixed(2)).join(' '), 'median', med(v).toFixed(2));
process.exit(0);
