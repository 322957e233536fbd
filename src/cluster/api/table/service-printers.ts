/** Services and endpoints tables, after upstream's printService and printEndpoints (release-1.20). */
import type { StoredObject } from '../../store/index.js';
import { fieldsOf, listOf, numberOf, stringOf } from './cells.js';
import { age } from './human-duration.js';
import { AGE_COLUMN, col, NAME_COLUMN, type TableColumn } from './table-types.js';
import type { JsonObject } from '../../objects/index.js';

export const serviceColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Type', 'string', 0, 'type determines how the Service is exposed.'),
  col(
    'Cluster-IP',
    'string',
    0,
    'clusterIP is the IP address of the service and is usually assigned randomly by the master.',
  ),
  col(
    'External-IP',
    'string',
    0,
    'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
  ),
  col('Port(s)', 'string', 0, 'The list of ports that are exposed by this service.'),
  AGE_COLUMN,
  col('Selector', 'string', 1, 'Route service traffic to pods with label keys and values matching this selector.'),
];

function serviceExternalIP(spec: JsonObject, status: JsonObject): string {
  const type = stringOf(spec.type);
  const external = (spec.externalIPs as string[] | undefined) ?? [];
  const lb = listOf(fieldsOf(status.loadBalancer).ingress).map((i) => stringOf(i.ip) || stringOf(i.hostname));
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const all = [...lb, ...external];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return stringOf(spec.externalName);
  }
  return '<unknown>';
}

export function serviceRow(svc: StoredObject, now: number): unknown[] {
  const spec = fieldsOf(svc.spec);
  const ports = listOf(spec.ports).map((p) => {
    const np = numberOf(p.nodePort) ? `:${numberOf(p.nodePort)}` : '';
    return `${numberOf(p.port)}${np}/${stringOf(p.protocol) || 'TCP'}`;
  });
  const sel = fieldsOf(spec.selector);
  const keys = Object.keys(sel).sort();
  return [
    svc.metadata.name,
    stringOf(spec.type),
    stringOf(spec.clusterIP) || '<none>',
    serviceExternalIP(spec, fieldsOf(svc.status)),
    ports.length ? ports.join(',') : '<none>',
    age(svc.metadata.creationTimestamp, now),
    keys.length ? keys.map((k) => `${k}=${String(sel[k])}`).join(',') : '<none>',
  ];
}

export const endpointsColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Endpoints', 'string', 0, 'Endpoints is the list of endpoints.'),
  AGE_COLUMN,
];

/** formatEndpoints: `ip:port,...` with at most 3 shown, then ` + N more...`. */
export function formatEndpoints(ep: StoredObject): string {
  const subsets = listOf(ep.subsets);
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const ports = listOf(ss.ports);
    const addresses = listOf(ss.addresses);
    if (!ports.length) {
      for (const a of addresses) {
        if (list.length < max) list.push(stringOf(a.ip));
        else more = true;
        count++;
      }
      continue;
    }
    for (const port of ports) {
      for (const a of addresses) {
        if (list.length < max) list.push(`${stringOf(a.ip)}:${numberOf(port.port)}`);
        else more = true;
        count++;
      }
    }
  }
  let text = list.join(',');
  if (more) text += ` + ${count - max} more...`;
  return text || '<none>';
}

export const endpointsRow = (ep: StoredObject, now: number): unknown[] => [
  ep.metadata.name,
  formatEndpoints(ep),
  age(ep.metadata.creationTimestamp, now),
];
