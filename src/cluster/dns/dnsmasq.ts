/** Paths and the command line of the cluster DNS server in the guest (Debian's dnsmasq-base, no config package). */
export const DNS_PATHS = {
  hosts: '/var/lib/wharf/dns/hosts',
  pid: '/run/wharf-dnsmasq.pid',
} as const;

export interface DnsmasqOptions {
  /** The kube-dns ClusterIP, put on the guest's loopback so pods reach it through their default route. */
  listenIP: string;
  domain: string;
  /** Forwarders for names outside the cluster (the guest's own resolvers); none means cluster names only. */
  upstreams: readonly string[];
}

/**
 * dnsmasq answers `*.svc.<domain>` from a hosts file the service proxy rewrites (SIGHUP re-reads it), says
 * NXDOMAIN for other names in the cluster domain without asking anyone (`--local`), and forwards the rest.
 */
export function dnsmasqArgs(options: DnsmasqOptions): string[] {
  return [
    'dnsmasq',
    '--conf-file=/dev/null',
    '--no-resolv',
    '--no-hosts',
    '--bind-interfaces',
    `--listen-address=${options.listenIP}`,
    `--addn-hosts=${DNS_PATHS.hosts}`,
    `--local=/${options.domain}/`,
    '--domain-needed',
    `--pid-file=${DNS_PATHS.pid}`,
    '--user=root',
    ...options.upstreams.map((s) => `--server=${s}`),
  ];
}
