import type { Endpoints, Service } from '../objects/index.js';

/** One service port with the endpoints traffic to it is spread over. */
export interface ServicePortEntry {
  namespace: string;
  service: string;
  /** `namespace/service:portName` (or without `:portName` for unnamed ports): kube-proxy's comment text. */
  id: string;
  protocol: 'tcp' | 'udp';
  clusterIP?: string;
  port: number;
  nodePort?: number;
  /** Extra destination IPs (LoadBalancer ingress and externalIPs). */
  externalIPs: string[];
  endpoints: { ip: string; port: number }[];
}

export interface ServiceTableOptions {
  /** Where the `default/kubernetes` service goes when it has no Endpoints object (the host-side API server). */
  apiServer?: { ip: string; port: number };
  /** The node IP a LoadBalancer service is exposed on (as kind/minikube do locally). */
  nodeIP: string;
  /** ClusterIPs answered by something in the guest itself (the cluster DNS), never rewritten. */
  localIPs?: readonly string[];
}

/**
 * Flatten Services + Endpoints into per-port entries: the one place that decides which backends a service port has
 * (ready addresses only, ports matched by name as kube-proxy does).
 */
export function serviceTable(
  services: readonly Service[],
  endpoints: readonly Endpoints[],
  options: ServiceTableOptions,
): ServicePortEntry[] {
  const byKey = new Map(endpoints.map((e) => [`${e.metadata.namespace ?? 'default'}/${e.metadata.name}`, e]));
  const entries: ServicePortEntry[] = [];
  for (const svc of services) {
    const ns = svc.metadata.namespace ?? 'default';
    const spec = svc.spec;
    const type = spec.type ?? 'ClusterIP';
    if (type === 'ExternalName') continue;
    const clusterIP = spec.clusterIP && spec.clusterIP !== 'None' ? spec.clusterIP : undefined;
    if (clusterIP && options.localIPs?.includes(clusterIP)) continue;
    const ep = byKey.get(`${ns}/${svc.metadata.name}`);
    for (const port of spec.ports ?? []) {
      const protocol = (port.protocol ?? 'TCP').toLowerCase();
      if (protocol !== 'tcp' && protocol !== 'udp') continue;
      let backends: { ip: string; port: number }[] = [];
      for (const subset of ep?.subsets ?? []) {
        const match =
          subset.ports?.find((p) => (p.name ?? '') === (port.name ?? '')) ??
          (subset.ports?.length === 1 && !port.name ? subset.ports[0] : undefined);
        if (!match) continue;
        for (const a of subset.addresses ?? []) backends.push({ ip: a.ip, port: match.port });
      }
      if (!ep && ns === 'default' && svc.metadata.name === 'kubernetes' && options.apiServer)
        backends = [options.apiServer];
      const externalIPs = [...(spec.externalIPs ?? [])];
      if (type === 'LoadBalancer') externalIPs.push(options.nodeIP);
      entries.push({
        namespace: ns,
        service: svc.metadata.name ?? '',
        id: `${ns}/${svc.metadata.name}${port.name ? `:${port.name}` : ''}`,
        protocol,
        clusterIP,
        port: port.port,
        nodePort: type === 'NodePort' || type === 'LoadBalancer' ? port.nodePort : undefined,
        externalIPs: [...new Set(externalIPs)],
        endpoints: backends.sort((a, b) => a.ip.localeCompare(b.ip) || a.port - b.port),
      });
    }
  }
  return entries;
}
