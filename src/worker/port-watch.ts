import { httpRequest } from '../http/client.js';
import type { GuestLink } from '../protocol/guest-link.js';
import type { OpenPort } from '../protocol/worker-api.js';
import type { WorkerEvent } from '../protocol/worker-events.js';
import { parseListeningPorts } from './proc-net-tcp.js';

const POLL_MS = 4000;
const decoder = new TextDecoder();

interface DockerContainer {
  Names?: string[];
  Image?: string;
  Ports?: { PublicPort?: number; PrivatePort?: number }[];
}

/**
 * Which guest TCP ports a preview can reach: servers listening on the guest's address, ports Docker publishes
 * (NAT rules, no listening socket: the guest runs dockerd without the userland proxy) and `extra` ones (the
 * cluster's NodePorts), labelled with what opened them.
 */
export class PortWatch {
  private last = '';
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly guest: () => GuestLink,
    private readonly emit: (event: WorkerEvent) => void,
    private readonly extra: () => OpenPort[] = () => [],
  ) {}

  async list(): Promise<OpenPort[]> {
    const guest = this.guest();
    const text = await Promise.all(
      ['/proc/net/tcp', '/proc/net/tcp6'].map((p) =>
        guest.readFile(p).then(
          (b) => decoder.decode(b),
          () => '',
        ),
      ),
    );
    let ports = parseListeningPorts(text.join('\n'));
    if (text.every((t) => t === '')) {
      // procfs files report size 0; an agent that trusts the size reads nothing, so ask cat instead.
      const res = await guest.exec(['cat', '/proc/net/tcp', '/proc/net/tcp6']);
      ports = parseListeningPorts(decoder.decode(res.stdout));
    }
    const found = new Map<number, OpenPort>(ports.map((port) => [port, { port }]));
    for (const p of this.extra()) found.set(p.port, p);
    for (const [port, label] of await this.dockerPorts(guest)) found.set(port, { port, label });
    return [...found.values()].sort((a, b) => a.port - b.port);
  }

  watch(enabled: boolean): void {
    if (!enabled) {
      if (this.timer !== undefined) clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    void this.poll();
    this.timer ??= setInterval(() => void this.poll(), POLL_MS);
  }

  async poll(): Promise<void> {
    const ports = await this.list().catch(() => undefined);
    if (!ports) return;
    const key = JSON.stringify(ports);
    if (key === this.last) return;
    this.last = key;
    this.emit({ type: 'ports/changed', ports });
  }

  /** Ask the Docker Engine API (its socket, no CLI process) which container published which port. */
  private async dockerPorts(guest: GuestLink): Promise<Map<number, string>> {
    const labels = new Map<number, string>();
    try {
      const stream = await guest.connect({ unix: '/var/run/docker.sock' });
      const res = await httpRequest(stream, { method: 'GET', path: '/containers/json' });
      const containers = await res.json<DockerContainer[]>();
      stream.close();
      for (const c of containers) {
        const name = (c.Names?.[0] ?? '').replace(/^\//, '');
        for (const p of c.Ports ?? []) {
          if (p.PublicPort) labels.set(p.PublicPort, `${c.Image ?? 'container'}${name ? ` (${name})` : ''}`);
        }
      }
    } catch {
      // dockerd not up yet or gone: ports stay unlabelled.
    }
    return labels;
  }
}
