// Where a warm `docker run --rm busybox echo hi` spends its time; wharf-crun/wharf-setkey tried live (no rebuild).
import { readFileSync } from 'node:fs';
import { bootVm, text } from '../test/vm/boot.js';
const vm = await bootVm();
const T0 = performance.now();
async function t(label: string, argv: string[], stdin?: Uint8Array | string) {
  const s = performance.now();
  const r = await vm.link.exec(argv, { timeoutMs: 600_000, ...(stdin ? { stdin } : {}) });
  const sec = (performance.now() - s) / 1000;
  console.log(
    `[${((s - T0) / 1000).toFixed(1)}] ${label}: ${sec.toFixed(2)} s exit ${r.exitCode} | ${text(r.stdout).trim().slice(0, 1500)} | ${text(r.stderr).trim().slice(0, 600)}`,
  );
  return sec;
}
const sh = (label: string, script: string, stdin?: Uint8Array | string) => t(label, ['sh', '-c', script], stdin);
await sh(
  'install setkey',
  'mkdir -p /usr/local/libexec/wharf && cat >/usr/local/libexec/wharf/wharf-setkey && chmod 755 /usr/local/libexec/wharf/wharf-setkey',
  readFileSync('/tmp/wharf-setkey'),
);
await sh(
  'install crun wrapper',
  'cat >/usr/local/libexec/wharf/wharf-crun && chmod 755 /usr/local/libexec/wharf/wharf-crun',
  readFileSync('/tmp/wharf-crun'),
);
const cfg = JSON.parse(readFileSync('image/rootfs/etc/docker/daemon.json', 'utf8'));
cfg.runtimes['wharf-crun'] = { path: '/usr/local/libexec/wharf/wharf-crun' };
cfg.debug = true;
await sh(
  'daemon.json debug + reload',
  'cat >/etc/docker/daemon.json && kill -HUP $(pidof dockerd) && sleep 2 && tail -3 /var/log/dockerd.log',
  JSON.stringify(cfg),
);
await t('warm0 default', ['docker', 'run', '--rm', 'busybox', 'echo', 'hi']);
await sh(
  'hook format',
  'id=$(docker run -d busybox sleep 60); grep -o "\\"hooks\\":{[^}]*}" /run/containerd/io.containerd.runtime.v2.task/moby/$id/config.json; ls -la /run/containerd/io.containerd.runtime.v2.task/moby/$id/; ps -o pid,args | grep -v "\\[" | head -40; docker rm -f $id >/dev/null',
);
await sh(
  'wrapper hook',
  'id=$(docker run -d --runtime wharf-crun busybox sleep 60); grep -o "\\"hooks\\":{[^}]*}" /run/containerd/io.containerd.runtime.v2.task/moby/$id/config.json; docker exec $id ip -4 addr show eth0; docker rm -f $id >/dev/null',
);
await sh('log mark', 'echo ===MARK=== >>/var/log/dockerd.log');
await t('default traced', ['docker', 'run', '--rm', 'busybox', 'echo', 'hi']);
await sh('log mark', 'echo ===MARK2=== >>/var/log/dockerd.log');
await t('wrapper traced', ['docker', 'run', '--rm', '--runtime', 'wharf-crun', 'busybox', 'echo', 'hi']);
await sh('log mark', 'echo ===MARK3=== >>/var/log/dockerd.log');
await t('host traced', ['docker', 'run', '--rm', '--network', 'host', 'busybox', 'echo', 'hi']);
await sh('dockerd log', "sed -n '/===MARK===/,$p' /var/log/dockerd.log | cut -c1-260");
await sh('uptime', 'cat /proc/loadavg');
const run = (extra: string[]) => ['docker', 'run', '--rm', ...extra, 'busybox', 'echo', 'hi'];
const variants: Record<string, string[]> = {
  default: [],
  wrapper: ['--runtime', 'wharf-crun'],
  host: ['--network', 'host'],
  'wrapper+local': ['--runtime', 'wharf-crun', '--log-driver', 'local'],
  'wrapper+none': ['--runtime', 'wharf-crun', '--log-driver', 'none'],
};
const res: Record<string, number[]> = {};
for (let i = 0; i < 3; i++) for (const [k, v] of Object.entries(variants)) (res[k] ??= []).push(await t(k, run(v)));
const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
for (const [k, v] of Object.entries(res))
  console.log(k.padEnd(20), v.map((x) => x.toFixed(2)).join(' '), 'median', med(v).toFixed(2));
await t('dockerd --version', ['dockerd', '--version']);
await t('docker ps', ['docker', 'ps']);
process.exit(0);
