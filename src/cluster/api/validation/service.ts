import type { JsonObject, KubeObject } from '../../objects/index.js';
import type { FieldError } from '../errors.js';
import type { StrategyContext } from '../resource-types.js';
import { goQuote } from '../go-format.js';
import { dns1123Label, nameErrors } from './names.js';

const list = (v: unknown): JsonObject[] => (Array.isArray(v) ? (v as JsonObject[]) : []);
const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

function inServiceCIDR(ip: string): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 10 && b >= 96 && b <= 111;
}

/** ValidateService: ports, type, clusterIP (immutable once set), nodePorts. */
export function validateService(svc: KubeObject, ctx: StrategyContext): FieldError[] {
  const spec = (svc.spec as JsonObject | undefined) ?? {};
  const errs: FieldError[] = [];
  const type = String(spec.type ?? 'ClusterIP');
  if (!TYPES.includes(type)) {
    errs.push({
      type: 'NotSupported',
      field: 'spec.type',
      value: goQuote(type),
      detail: 'supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    });
  }
  const ports = list(spec.ports);
  if (type !== 'ExternalName' && ports.length === 0 && spec.clusterIP !== 'None') {
    errs.push({ type: 'Required', field: 'spec.ports', detail: '' });
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const f = `spec.ports[${i}]`;
    if (ports.length > 1) {
      const n = typeof p.name === 'string' ? p.name : '';
      if (!n) errs.push({ type: 'Required', field: `${f}.name`, detail: '' });
      else if (names.has(n)) errs.push({ type: 'Duplicate', field: `${f}.name`, value: goQuote(n) });
      names.add(n);
    }
    if (typeof p.name === 'string' && p.name) errs.push(...nameErrors(`${f}.name`, p.name, dns1123Label));
    const port = p.port;
    if (typeof port !== 'number' || port < 1 || port > 65535) {
      errs.push(
        port === undefined
          ? { type: 'Required', field: `${f}.port`, detail: '' }
          : {
              type: 'Invalid',
              field: `${f}.port`,
              value: String(port),
              detail: 'must be between 1 and 65535, inclusive',
            },
      );
    }
    if (p.nodePort !== undefined && type !== 'NodePort' && type !== 'LoadBalancer' && p.nodePort !== 0) {
      errs.push({ type: 'Forbidden', field: `${f}.nodePort`, detail: "may not be used when `type` is 'ClusterIP'" });
    }
    if (typeof p.nodePort === 'number' && p.nodePort !== 0 && (p.nodePort < 30000 || p.nodePort > 32767)) {
      errs.push({
        type: 'Invalid',
        field: `${f}.nodePort`,
        value: String(p.nodePort),
        detail: 'provided port is not in the valid range. The range of valid ports is 30000-32767',
      });
    }
  });
  const ip = spec.clusterIP;
  const oldIp = (ctx.old?.spec as JsonObject | undefined)?.clusterIP;
  if (ctx.old && oldIp !== undefined && ip !== oldIp && type !== 'ExternalName') {
    errs.push({
      type: 'Invalid',
      field: 'spec.clusterIP',
      value: goQuote(String(ip ?? '')),
      detail: 'field is immutable',
    });
  } else if (!ctx.old && typeof ip === 'string' && ip !== '' && ip !== 'None') {
    if (!inServiceCIDR(ip)) {
      errs.push({
        type: 'Invalid',
        field: 'spec.clusterIPs',
        value: `[]string{${goQuote(ip)}}`,
        detail: `failed to allocated ip:${ip} with error:provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12`,
      });
    } else if (ctx.isClusterIPTaken(ip)) {
      errs.push({
        type: 'Invalid',
        field: 'spec.clusterIPs',
        value: `[]string{${goQuote(ip)}}`,
        detail: `failed to allocated ip:${ip} with error:provided IP is already allocated`,
      });
    }
  }
  return errs;
}
