// The image's daemon.json (runtime "crun" = wharf-crun) live: the hook against the real dockerd socket, a debug
// timeline, and alternating timings against plain crun.
import { readFileSync } from 'node:fs';
import { bootVm, text } from '../test/vm/boot.js';
const vm = await bootVm();
const T0 = performance.now();
async function t(label: string, argv: string[], stdin?: Uint8Array | string) {
  const s = performance.now();
  const r = await vm.link.exec(argv, { timeoutMs: 600_000, ...(stdin ? { stdin } : {}) });
  const sec = (performance.now() - s) / 1000;
  console.log(
    `[${((s - T0) / 1000).toFixed(1)}] ${label}: ${sec.toFixed(2)} s exit ${r.exitCode} | ${text(r.stdout).trim().slice(0, 6000)} | ${text(r.stderr).trim().slice(0, 600)}`,
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
const cfg = JSON.parse(readFileSync('image/rootfs/etc/docker/daemon.json', 'utf8'));
cfg.runtimes['plain-crun'] = { path: '/usr/bin/crun' };
cfg.debug = true;
cfg['log-level'] = 'debug';
await sh(
  'reload',
  'cat >/etc/docker/daemon.json && kill -HUP $(pidof dockerd); sleep 3; docker info 2>/dev/null | grep -i runtime; wc -c /var/log/dockerd.log',
  JSON.stringify(cfg),
);
await sh(
  'hook vs real dockerd',
  'ls /var/run/docker/libnetwork/; c=$(ls /var/run/docker/libnetwork/ | sed -n "s/\\.sock$//p" | head -1); echo "{\\"pid\\":1}" | (exec -a libnetwork-setkey /usr/local/libexec/wharf/wharf-setkey -exec-root=/var/run/docker 0123abcd $c); echo rc=$?',
);
await t('warm0', ['docker', 'run', '--rm', 'busybox', 'echo', 'hi']);
await sh(
  'bridge',
  'docker run --rm busybox sh -c "ip -4 -o addr show eth0; ping -c1 -W2 192.168.86.1 >/dev/null && echo gw-ok"',
);
await sh('mark', 'echo ===MARK=== >>/var/log/dockerd.log');
await t('traced wrapper', ['docker', 'run', '--rm', 'busybox', 'echo', 'hi']);
await sh('mark', 'echo ===MARK2=== >>/var/log/dockerd.log');
await t('traced crun', ['docker', 'run', '--rm', '--runtime', 'plain-crun', 'busybox', 'echo', 'hi']);
await sh('dockerd log', "sed -n '/===MARK===/,$p' /var/log/dockerd.log | cut -c1-200");
const run = (extra: string[]) => ['docker', 'run', '--rm', ...extra, 'busybox', 'echo', 'hi'];
const variants: Record<string, string[]> = {
  wrapper: [],
  crun: ['--runtime', 'plain-crun'],
  host: ['--network', 'host'],
};
const res: Record<string, number[]> = {};
await sh('load', 'cat /proc/loadavg');
for (let i = 0; i < 5; i++) for (const [k, v] of Object.entries(variants)) (res[k] ??= []).push(await t(k, run(v)));
const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
for (const [k, v] of Object.entries(res))
  console.log(k.padEnd(20), v.map((x) => x.toFixed(2)).join(' '), 'median', med(v).toFixed(2));
process.exit(0);
