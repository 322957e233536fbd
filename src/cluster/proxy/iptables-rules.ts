import type { ServicePortEntry } from './service-table.js';

/** The mark kube-proxy uses for "SNAT this on the way out". */
const MASQ_MARK = '0x4000/0x4000';

/** Fixed chains, always present (created by the first restore). */
export const BASE_CHAINS = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ'] as const;

/**
 * kube-proxy's iptables mode, rendered as one `iptables-restore --noflush` input for the nat table.
 *
 * Per service port a `KUBE-SVC-*` chain picks an endpoint with `-m statistic --mode random` (probability 1/n, then
 * 1/(n-1), ...) and a `KUBE-SEP-*` chain DNATs to it; traffic from outside the pod CIDR and hairpin traffic are
 * marked for masquerading (kube-proxy's --cluster-cidr behaviour). Ports without endpoints are not rewritten here:
 * renderFilterRules refuses connections to them.
 *
 * `previous` lists the per-service chains of the last apply: declaring them flushes them, and `-X` drops the ones
 * no longer needed, all in the same atomic restore.
 */
export function renderNatRules(
  entries: readonly ServicePortEntry[],
  previous: ReadonlySet<string>,
  podCIDR = '10.244.0.0/16',
): { text: string; chains: Set<string> } {
  const chains = new Set<string>();
  const rules: string[] = [
    `-A KUBE-POSTROUTING -m mark ! --mark ${MASQ_MARK} -j RETURN`,
    '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
    '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
  ];
  for (const e of entries) {
    if (e.endpoints.length === 0) continue;
    const key = `${e.id}/${e.protocol}`;
    const svcChain = `KUBE-SVC-${chainHash(key)}`;
    chains.add(svcChain);
    const comment = `-m comment --comment "${e.id}"`;
    const match = `-p ${e.protocol} -m ${e.protocol}`;
    if (e.clusterIP) {
      rules.push(
        `-A KUBE-SERVICES -d ${e.clusterIP}/32 ${match} --dport ${e.port} -m comment --comment "${e.id} cluster IP" -j ${svcChain}`,
      );
    }
    for (const ip of e.externalIPs) {
      rules.push(
        `-A KUBE-SERVICES -d ${ip}/32 ${match} --dport ${e.port} -m comment --comment "${e.id} external IP" -j ${svcChain}`,
      );
    }
    if (e.nodePort) rules.push(`-A KUBE-NODEPORTS ${match} --dport ${e.nodePort} ${comment} -j ${svcChain}`);
    // Traffic from outside the pod network (the guest shell, NodePorts) is masqueraded; pod-to-pod traffic is not:
    // the pods share one Linux bridge, where br_netfilter un-NATs the replies, and masquerading there would drop
    // the packets (no address on a bridge port). A pod reaching itself through its service (hairpin) is masqueraded.
    rules.push(`-A ${svcChain} ${comment} ! -s ${podCIDR} -j KUBE-MARK-MASQ`);
    const n = e.endpoints.length;
    e.endpoints.forEach((ep, i) => {
      const sepChain = `KUBE-SEP-${chainHash(`${key}/${ep.ip}:${ep.port}`)}`;
      chains.add(sepChain);
      const pick = i < n - 1 ? ` -m statistic --mode random --probability ${(1 / (n - i)).toFixed(11)}` : '';
      rules.push(`-A ${svcChain} ${comment}${pick} -j ${sepChain}`);
      rules.push(`-A ${sepChain} ${comment} -s ${ep.ip}/32 -j KUBE-MARK-MASQ`);
      rules.push(`-A ${sepChain} ${comment} ${match} -j DNAT --to-destination ${ep.ip}:${ep.port}`);
    });
  }
  // NodePorts answer on every local address (node IP, localhost), and must come after the service IPs.
  rules.push(
    '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
  );
  const stale = [...previous].filter((c) => !chains.has(c)).sort();
  const declared = [...BASE_CHAINS, ...[...chains].sort(), ...stale];
  const text = [
    '*nat',
    ...declared.map((c) => `:${c} - [0:0]`),
    ...rules,
    ...stale.map((c) => `-X ${c}`),
    'COMMIT',
    '',
  ].join('\n');
  return { text, chains };
}

/** The filter table's chains of ours (the nat table has a KUBE-SERVICES of its own). */
export const FILTER_CHAINS = ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES'] as const;

/**
 * kube-proxy's answer for a service port with no endpoints (no pod selected, or none ready), as the filter table's
 * `iptables-restore --noflush` input: a new connection to it is REJECTed with ICMP port unreachable, so the client
 * fails at once with "Connection refused" instead of waiting out its connect timeout. Cluster and external IPs are
 * matched in KUBE-SERVICES (from OUTPUT and FORWARD: the guest's shell and the pods), NodePorts and external IPs in
 * KUBE-EXTERNAL-SERVICES (from INPUT: traffic from outside the guest, and the guest's own localhost NodePorts).
 * Declaring both chains flushes them, so each restore replaces the last one's rules.
 */
export function renderFilterRules(entries: readonly ServicePortEntry[]): string {
  const reject = '-j REJECT --reject-with icmp-port-unreachable';
  const rules: string[] = [];
  for (const e of entries) {
    if (e.endpoints.length > 0) continue;
    const match = `-p ${e.protocol} -m ${e.protocol}`;
    const comment = `-m comment --comment "${e.id} has no endpoints"`;
    for (const ip of [...(e.clusterIP ? [e.clusterIP] : []), ...e.externalIPs])
      rules.push(`-A KUBE-SERVICES -d ${ip}/32 ${match} --dport ${e.port} ${comment} ${reject}`);
    for (const ip of e.externalIPs)
      rules.push(`-A KUBE-EXTERNAL-SERVICES -d ${ip}/32 ${match} --dport ${e.port} ${comment} ${reject}`);
    if (e.nodePort)
      rules.push(
        `-A KUBE-EXTERNAL-SERVICES -m addrtype --dst-type LOCAL ${match} --dport ${e.nodePort} ${comment} ${reject}`,
      );
  }
  return ['*filter', ...FILTER_CHAINS.map((c) => `:${c} - [0:0]`), ...rules, 'COMMIT', ''].join('\n');
}

/** A short stable name suffix (kube-proxy uses 16 base32 characters of a SHA-256; any stable hash will do). */
export function chainHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  let bits = BigInt(h1) * 2n ** 32n + BigInt(h2);
  for (let i = 0; i < 16; i++) {
    out += alphabet[Number(bits & 31n)];
    bits >>= 5n;
    if (i === 11) bits ^= BigInt(h1 ^ h2);
  }
  return out;
}

/** The jumps from the built-in chains into ours (kube-proxy's), and the FORWARD accept for marked service traffic. */
const HOOKS = {
  nat: [
    '-I PREROUTING 1 -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-I OUTPUT 1 -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-I POSTROUTING 1 -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
  ],
  filter: [
    // Docker's FORWARD policy is DROP: let DNATed service traffic from outside the guest reach pods (KUBE-FORWARD).
    `-I FORWARD 1 -m mark --mark ${MASQ_MARK} -m comment --comment "kubernetes forwarding rules" -j ACCEPT`,
    // New connections meet the no-endpoints REJECTs (renderFilterRules).
    '-I FORWARD 1 -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-I OUTPUT 1 -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-I INPUT 1 -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
  ],
};

/** Which hooks an `iptables-save` listing lacks (so a restore adds each exactly once). */
export function missingHooks(saved: readonly string[]): { nat: string[]; filter: string[] } {
  const rules: string[] = [];
  let table = '';
  for (const line of saved) {
    if (line.startsWith('*')) table = line.slice(1);
    else if (line.startsWith('-A ')) rules.push(`${table} ${line}`);
  }
  // A hook is there when its table and chain have a rule with its comment and its target.
  const missing = (table: 'nat' | 'filter') =>
    HOOKS[table].filter((hook) => {
      const [, chain] = hook.split(' ');
      const target = hook.slice(hook.indexOf('-j '));
      const comment = hook.slice(hook.indexOf('--comment '), hook.indexOf(' -j '));
      return !rules.some((r) => r.startsWith(`${table} -A ${chain} `) && r.includes(comment) && r.endsWith(target));
    });
  return { nat: missing('nat'), filter: missing('filter') };
}

/** One restore input: the rendered nat and filter sections, each with the hooks it still lacks. */
export function withHooks(
  natText: string,
  filterText: string,
  hooks: { nat: readonly string[]; filter: readonly string[] },
): string {
  const add = (section: string, lines: readonly string[]) =>
    lines.length ? section.replace(/\nCOMMIT\n$/, `\n${lines.join('\n')}\nCOMMIT\n`) : section;
  return add(natText, hooks.nat) + add(filterText, hooks.filter);
}
