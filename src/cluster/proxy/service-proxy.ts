import type { GuestLink } from '../../protocol/guest-link.js';
import { GUEST_IP, HOST_IP, HOST_PORTS } from '../../protocol/network.js';
import { realClock, type Clock } from '../clock.js';
import type { StorePort } from '../machinery/store-port.js';
import type { Endpoints, KubeObject, Service } from '../objects/index.js';
import { clusterHosts } from '../dns/hosts-file.js';
import { DNS_PATHS, dnsmasqArgs } from '../dns/dnsmasq.js';
import { missingHooks, renderFilterRules, renderNatRules, withHooks } from './iptables-rules.js';
import { serviceTable } from './service-table.js';

export interface ServiceProxyOptions {
  guest: GuestLink;
  store: StorePort;
  clock?: Clock;
  /** @default 192.168.86.100 */
  nodeIP?: string;
  /** Where the `kubernetes` service points (plain HTTP). @default 192.168.86.1:6443 */
  apiServer?: { ip: string; port: number };
  /** @default 10.96.0.10 */
  clusterDNS?: string;
  /** Pod network (traffic from it to services is not masqueraded). @default 10.244.0.0/16 */
  podCIDR?: string;
  /** @default cluster.local */
  clusterDomain?: string;
  /** Collect changes for this long before touching the guest. @default 300 */
  debounceMs?: number;
  log?: (message: string) => void;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * kube-proxy and cluster DNS for the guest: watches Services and Endpoints and, per batch of changes, writes the DNS
 * hosts file and runs ONE guest process that applies the nat rules (`iptables-restore --noflush`) and tells dnsmasq
 * to re-read its hosts (SIGHUP). Every guest process costs about a second in the emulator, so changes are debounced
 * and nothing runs when the rendered rules and hosts did not change.
 */
export class ServiceProxy {
  private readonly clock: Clock;
  private readonly services = new Map<string, Service>();
  private readonly endpoints = new Map<string, Endpoints>();
  private chains = new Set<string>();
  /** Hooks into built-in chains still to add with the next restore (found missing at setup). */
  private hooks: { nat: string[]; filter: string[] } = { nat: [], filter: [] };
  private lastRules = '';
  private lastHosts: string | undefined;
  private timer: (() => void) | undefined;
  private applying: Promise<void> | undefined;
  private again = false;
  private readonly stops: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: ServiceProxyOptions) {
    this.clock = options.clock ?? realClock;
  }

  private get nodeIP(): string {
    return this.options.nodeIP ?? GUEST_IP;
  }
  private get dnsIP(): string {
    return this.options.clusterDNS ?? '10.96.0.10';
  }

  /** Prepare the guest (once per boot; idempotent) and start following services. */
  async start(): Promise<void> {
    await this.setupGuest();
    const key = (o: KubeObject) => `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;
    const follow = (resource: string, map: Map<string, unknown>) =>
      this.options.store.listAndWatch(resource, (e) => {
        if (e.type === 'DELETED') map.delete(key(e.object));
        else map.set(key(e.object), e.object);
        if (resource === 'services') this.ensureLoadBalancerStatus(e.object as Service);
        this.schedule();
      });
    this.stops.push(follow('services', this.services), follow('endpoints', this.endpoints));
    this.schedule();
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.timer?.();
  }

  /** Resolves once every change seen so far is applied in the guest (tests wait on this). */
  settled(): Promise<void> {
    if (!this.timer && !this.applying) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.applying) {
      this.again = true;
      return;
    }
    this.timer?.();
    this.timer = this.clock.after(this.options.debounceMs ?? 300, () => {
      this.timer = undefined;
      this.applying = this.apply()
        .catch((error: Error) => this.log(`apply failed: ${error.message}`))
        .finally(() => {
          this.applying = undefined;
          if (this.again) {
            this.again = false;
            this.schedule();
          } else if (!this.timer) {
            for (const resolve of this.idleWaiters.splice(0)) resolve();
          }
        });
    });
  }

  private async apply(): Promise<void> {
    const services = [...this.services.values()];
    const endpoints = [...this.endpoints.values()];
    const table = serviceTable(services, endpoints, {
      nodeIP: this.nodeIP,
      apiServer: this.options.apiServer ?? { ip: HOST_IP, port: HOST_PORTS.kubernetesApi },
      localIPs: [this.dnsIP],
    });
    const rendered = renderNatRules(table, this.chains, this.options.podCIDR);
    const { chains } = rendered;
    const filter = renderFilterRules(table);
    const text = withHooks(rendered.text, filter, this.hooks);
    const hosts = clusterHosts(services, endpoints, this.options.clusterDomain ?? 'cluster.local');
    const rules = rendered.text + filter;
    const rulesChanged = rules !== this.lastRules;
    const hostsChanged = hosts !== this.lastHosts;
    if (!rulesChanged && !hostsChanged) return;
    if (hostsChanged) await this.options.guest.writeFile(DNS_PATHS.hosts, hosts);
    const steps: string[] = [];
    if (rulesChanged) steps.push('iptables-restore --noflush');
    if (hostsChanged) steps.push(`{ kill -HUP "$(cat ${DNS_PATHS.pid})" 2>/dev/null || true; }`);
    const result = await this.options.guest.exec(['sh', '-c', steps.join(' && ')], {
      stdin: rulesChanged ? text : undefined,
      timeoutMs: 30_000,
    });
    if (result.exitCode !== 0) {
      throw new Error(
        `iptables-restore failed (${result.exitCode}): ${new TextDecoder().decode(result.stderr).trim()}`,
      );
    }
    this.chains = chains;
    this.hooks = { nat: [], filter: [] };
    this.lastRules = rules;
    this.lastHosts = hosts;
  }

  /** LoadBalancer services get the node IP as their external IP, like minikube tunnel or kind's cloud provider. */
  private ensureLoadBalancerStatus(svc: Service): void {
    if (svc.spec.type !== 'LoadBalancer') return;
    const ingress = svc.status?.loadBalancer?.ingress ?? [];
    if (ingress.some((i) => i.ip === this.nodeIP)) return;
    const status = { ...svc.status, loadBalancer: { ingress: [{ ip: this.nodeIP }] } };
    void this.options.store
      .updateStatus('services', { ...svc, status })
      .catch((error: Error) => this.log(`service ${svc.metadata.name}: ${error.message}`));
  }

  /**
   * One guest process: the DNS IP on loopback, dnsmasq started if it is not running, and `iptables-save` so the first
   * apply knows which of our chains and hooks already exist. Every `iptables` run costs seconds in the emulator, so
   * the hooks into the built-in chains are added by the first `iptables-restore`, never by separate commands.
   */
  private async setupGuest(): Promise<void> {
    const guest = this.options.guest;
    const resolv = await guest.readFile('/etc/resolv.conf').catch(() => new Uint8Array());
    const upstreams = [...new TextDecoder().decode(resolv).matchAll(/^nameserver\s+(\S+)/gm)]
      .map((m) => m[1]!)
      .filter((ip) => !ip.startsWith('127.') && ip !== this.dnsIP && !ip.includes(':'));
    await guest.writeFile(DNS_PATHS.hosts, '');
    const dnsmasq = dnsmasqArgs({
      listenIP: this.dnsIP,
      domain: this.options.clusterDomain ?? 'cluster.local',
      upstreams,
    });
    const script = [
      // route_localnet lets NodePorts answer on 127.0.0.1 (DNAT of loopback traffic to a pod), as kube-proxy sets it.
      'sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.route_localnet=1 >/dev/null 2>&1',
      `ip addr add ${this.dnsIP}/32 dev lo 2>/dev/null`,
      `{ [ -f ${DNS_PATHS.pid} ] && kill -0 "$(cat ${DNS_PATHS.pid})" 2>/dev/null; } || ${dnsmasq.map(shellQuote).join(' ')} </dev/null >/dev/null 2>&1 || echo DNS-FAILED`,
      'iptables-save',
    ].join('\n');
    const result = await guest.exec(['sh', '-c', script], { timeoutMs: 120_000 });
    const lines = new TextDecoder()
      .decode(result.stdout)
      .split('\n')
      .map((l) => l.trim());
    if (lines.includes('DNS-FAILED')) this.log('cluster DNS (dnsmasq) did not start');
    this.chains = new Set(lines.filter((l) => /^:KUBE-S(VC|EP)-/.test(l)).map((l) => l.slice(1).split(' ')[0]!));
    this.hooks = missingHooks(lines);
  }

  private log(message: string): void {
    (this.options.log ?? ((m: string) => console.warn(`service-proxy: ${m}`)))(message);
  }
}
