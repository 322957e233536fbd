import type { Endpoints, Service } from '../objects/index.js';

/**
 * The cluster's DNS records as a hosts file for dnsmasq (`--addn-hosts`): `<service>.<namespace>.svc.<domain>` to
 * the ClusterIP; for headless services (clusterIP None) one line per ready endpoint, which makes dnsmasq answer
 * with every address (what CoreDNS does for headless services). ExternalName services would need CNAMEs, which a
 * hosts file cannot hold; they are left out.
 */
export function clusterHosts(
  services: readonly Service[],
  endpoints: readonly Endpoints[],
  domain = 'cluster.local',
): string {
  const lines: string[] = [];
  const byKey = new Map(endpoints.map((e) => [`${e.metadata.namespace ?? 'default'}/${e.metadata.name}`, e]));
  const sorted = [...services].sort((a, b) =>
    `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`),
  );
  for (const svc of sorted) {
    const ns = svc.metadata.namespace ?? 'default';
    const name = `${svc.metadata.name}.${ns}.svc.${domain}`;
    if (svc.spec.type === 'ExternalName') continue;
    const ip = svc.spec.clusterIP;
    if (ip && ip !== 'None') {
      lines.push(`${ip} ${name}`);
      continue;
    }
    const ep = byKey.get(`${ns}/${svc.metadata.name}`);
    const ips = new Set((ep?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)));
    for (const addr of [...ips].sort()) lines.push(`${addr} ${name}`);
    // Pods of a headless service are also reachable by <hostname>.<service>.<namespace>.svc (StatefulSets).
    for (const s of ep?.subsets ?? []) {
      for (const a of s.addresses ?? []) if (a.hostname) lines.push(`${a.ip} ${a.hostname}.${name}`);
    }
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}
