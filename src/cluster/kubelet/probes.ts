import type { DockerClient } from '../../docker/docker-client.js';
import { httpRequest } from '../../http/client.js';
import type { GuestLink } from '../../protocol/guest-link.js';
import type { Container, Probe } from '../objects/index.js';

export interface ProbeTarget {
  docker: DockerClient;
  guest: Pick<GuestLink, 'connect'>;
  containerId: string;
  container: Container;
  podIP: string;
}

export interface ProbeResult {
  ok: boolean;
  /** Why it failed, in the kubelet's words (shown in the Unhealthy event). */
  message: string;
}

/**
 * The emulated guest is ~50x slower than a real node: a probe's 1 s default timeout would fail every `docker exec`.
 * Timeouts are stretched to at least these values; periods and thresholds stay as written.
 */
export const MIN_TIMEOUT_MS = { exec: 20_000, network: 5_000 } as const;

/** How much of an httpGet probe's answer is read, as the kubelet's prober (the rest is dropped with the connection). */
const PROBE_BODY_BYTES = 10 * 1024;

/** Run one probe attempt: exec via `docker exec`, httpGet and tcpSocket via a guest connection to the pod IP. */
export async function runProbe(probe: Probe, target: ProbeTarget): Promise<ProbeResult> {
  const seconds = (probe.timeoutSeconds ?? 1) * 1000;
  if (probe.exec) {
    return withTimeout(Math.max(seconds, MIN_TIMEOUT_MS.exec), async () => {
      const r = await target.docker.execRun(target.containerId, probe.exec!.command);
      return r.exitCode === 0
        ? { ok: true, message: '' }
        : { ok: false, message: `${r.stdout}${r.stderr}`.trim() || `command exited with status ${r.exitCode}` };
    });
  }
  const timeout = Math.max(seconds, MIN_TIMEOUT_MS.network);
  if (probe.httpGet) {
    const { path = '/', httpHeaders = [] } = probe.httpGet;
    const port = resolvePort(probe.httpGet.port, target.container);
    const host = probe.httpGet.host ?? target.podIP;
    const url = `http://${host}:${port}${path}`;
    return withTimeout(timeout, async () => {
      const res = await httpRequest(await target.guest.connect({ tcp: { host, port } }), {
        method: 'GET',
        path,
        headers: {
          Host: `${host}:${port}`,
          'User-Agent': 'kube-probe/1.20',
          Accept: '*/*',
          ...Object.fromEntries(httpHeaders.map((h) => [h.name, h.value])),
        },
      });
      // The kubelet reads at most 10 KiB of a probe's answer and treats a longer one as cut short, not failed.
      await res.body.bytes(PROBE_BODY_BYTES).catch(() => undefined);
      return res.status >= 200 && res.status < 400
        ? { ok: true, message: '' }
        : { ok: false, message: `HTTP probe failed with statuscode: ${res.status}` };
    }).catch((error: Error) => ({ ok: false, message: `Get "${url}": ${error.message}` }));
  }
  if (probe.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port, target.container);
    const host = probe.tcpSocket.host ?? target.podIP;
    return withTimeout(timeout, async () => {
      const stream = await target.guest.connect({ tcp: { host, port } });
      stream.close();
      return { ok: true, message: '' };
    }).catch((error: Error) => ({ ok: false, message: `dial tcp ${host}:${port}: ${error.message}` }));
  }
  return { ok: true, message: '' };
}

/** A probe port is a number or the name of one of the container's ports. */
export function resolvePort(port: number | string, container: Container): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const named = container.ports?.find((p) => p.name === port);
  if (!named) throw new Error(`couldn't find port "${port}" in container ${container.name}`);
  return named.containerPort;
}

async function withTimeout(ms: number, run: () => Promise<ProbeResult>): Promise<ProbeResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, message: `timeout: probe did not answer within ${ms / 1000}s` }), ms);
  });
  try {
    return await Promise.race([run(), timeout]);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
