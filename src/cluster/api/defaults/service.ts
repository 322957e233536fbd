/** Service defaults and allocation (ClusterIP from 10.96.0.0/12, NodePorts from 30000-32767). */
import type { StrategyContext } from '../resource-types.js';
import type { JsonObject } from '../../objects/index.js';

const list = (v: unknown): JsonObject[] => (Array.isArray(v) ? (v as JsonObject[]) : []);

export function defaultService(svc: JsonObject, ctx: StrategyContext): void {
  const spec = (svc.spec = (svc.spec as JsonObject | undefined) ?? {});
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  const ports = list(spec.ports);
  for (const p of ports) {
    p.protocol ??= 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  const oldSpec = (ctx.old?.spec ?? {}) as JsonObject;
  if (spec.type !== 'ExternalName') {
    if (spec.clusterIP === undefined || spec.clusterIP === '') {
      spec.clusterIP = (oldSpec.clusterIP as string | undefined) ?? ctx.allocateClusterIP();
    }
    if (spec.clusterIP !== 'None') spec.clusterIPs ??= [spec.clusterIP];
    else spec.clusterIPs ??= ['None'];
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    spec.externalTrafficPolicy ??= 'Cluster';
    const oldPorts = list(oldSpec.ports);
    for (const p of ports) {
      if (!p.nodePort) {
        const prev = oldPorts.find((o) => o.port === p.port && o.protocol === p.protocol)?.nodePort;
        p.nodePort = prev ?? ctx.allocateNodePort();
      }
    }
  }
  if (svc.status === undefined) svc.status = { loadBalancer: {} };
}
