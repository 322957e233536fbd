/** Row cells for core/v1 resources, after upstream's printers.go (release-1.20). */
import type { StoredObject } from '../../store/index.js';
import { age } from './human-duration.js';
import { AGE_COLUMN, col, NAME_COLUMN, type TableColumn } from './table-types.js';

type Any = Record<string, unknown>;
const o = (v: unknown): Any => (v && typeof v === 'object' ? (v as Any) : {});
const arr = (v: unknown): Any[] => (Array.isArray(v) ? (v as Any[]) : []);
const n = (v: unknown): number => (typeof v === 'number' ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const podColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Ready', 'string', 0, 'The aggregate readiness state of this pod for accepting traffic.'),
  col('Status', 'string', 0, 'The aggregate status of the containers in this pod.'),
  col('Restarts', 'integer', 0, 'The number of times the containers in this pod have been restarted.'),
  AGE_COLUMN,
  col(
    'IP',
    'string',
    1,
    'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
  ),
  col('Node', 'string', 1, 'NodeName is a request to schedule this pod onto a specific node.'),
  col('Nominated Node', 'string', 1, 'nominatedNodeName is set only when this pod preempts other pods on the node.'),
  col('Readiness Gates', 'string', 1, 'If specified, all readiness gates will be evaluated for pod readiness.'),
];

/** printPod: the STATUS column's reason logic (init containers, waiting/terminated reasons, Terminating). */
export function podRow(pod: StoredObject, now: number): unknown[] {
  const spec = o(pod.spec);
  const status = o(pod.status);
  let restarts = 0;
  const total = arr(spec.containers).length;
  let ready = 0;
  let reason = str(status.phase);
  if (str(status.reason)) reason = str(status.reason);

  let initializing = false;
  const initStatuses = arr(status.initContainerStatuses);
  const initCount = arr(spec.initContainers).length;
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!;
    restarts += n(cs.restartCount);
    const state = o(cs.state);
    const term = state.terminated ? o(state.terminated) : undefined;
    const wait = state.waiting ? o(state.waiting) : undefined;
    if (term && n(term.exitCode) === 0) continue;
    if (term) {
      if (!str(term.reason)) {
        reason = n(term.signal) !== 0 ? `Init:Signal:${n(term.signal)}` : `Init:ExitCode:${n(term.exitCode)}`;
      } else reason = `Init:${str(term.reason)}`;
      initializing = true;
    } else if (wait && str(wait.reason) && str(wait.reason) !== 'PodInitializing') {
      reason = `Init:${str(wait.reason)}`;
      initializing = true;
    } else {
      reason = `Init:${i}/${initCount}`;
      initializing = true;
    }
    break;
  }
  if (!initializing) {
    restarts = 0;
    let hasRunning = false;
    const statuses = arr(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      restarts += n(cs.restartCount);
      const state = o(cs.state);
      const wait = state.waiting ? o(state.waiting) : undefined;
      const term = state.terminated ? o(state.terminated) : undefined;
      if (wait && str(wait.reason)) reason = str(wait.reason);
      else if (term && str(term.reason)) reason = str(term.reason);
      else if (term) {
        reason = n(term.signal) !== 0 ? `Signal:${n(term.signal)}` : `ExitCode:${n(term.exitCode)}`;
      } else if (state.running && cs.ready === true) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const readyCond = arr(status.conditions).find((c) => c.type === 'Ready');
      reason = readyCond?.status === 'True' ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp && str(status.reason) === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp) reason = 'Terminating';

  const gates = arr(spec.readinessGates);
  let gatesText = '<none>';
  if (gates.length) {
    const conds = arr(status.conditions);
    const trueCount = gates.filter((g) => conds.some((c) => c.type === g.conditionType && c.status === 'True')).length;
    gatesText = `${trueCount}/${gates.length}`;
  }
  return [
    pod.metadata.name,
    `${ready}/${total}`,
    reason,
    restarts,
    age(pod.metadata.creationTimestamp, now),
    str(status.podIP) || '<none>',
    str(spec.nodeName) || '<none>',
    str(status.nominatedNodeName) || '<none>',
    gatesText,
  ];
}

export const namespaceColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Status', 'string', 0, 'The status of the namespace'),
  AGE_COLUMN,
];

export const namespaceRow = (ns: StoredObject, now: number): unknown[] => [
  ns.metadata.name,
  str(o(ns.status).phase),
  age(ns.metadata.creationTimestamp, now),
];

export const nodeColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Status', 'string', 0, 'The status of the node'),
  col('Roles', 'string', 0, 'The roles of the node'),
  AGE_COLUMN,
  col('Version', 'string', 0, 'Kubelet Version reported by the node.'),
  col(
    'Internal-IP',
    'string',
    1,
    'List of addresses reachable to the node. Queried from cloud provider, if available.',
  ),
  col(
    'External-IP',
    'string',
    1,
    'List of addresses reachable to the node. Queried from cloud provider, if available.',
  ),
  col(
    'OS-Image',
    'string',
    1,
    'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
  ),
  col(
    'Kernel-Version',
    'string',
    1,
    "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
  ),
  col(
    'Container-Runtime',
    'string',
    1,
    'Container runtime version reported by the node through runtime remote API (e.g. docker://1.5.0).',
  ),
];

export function nodeRow(node: StoredObject, now: number): unknown[] {
  const status = o(node.status);
  const spec = o(node.spec);
  const conds = arr(status.conditions);
  const states: string[] = [];
  const ready = conds.find((c) => c.type === 'Ready');
  if (!ready) states.push('Unknown');
  else states.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (spec.unschedulable === true) states.push('SchedulingDisabled');
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/') || k === 'kubernetes.io/role')
    .map((k) =>
      k === 'kubernetes.io/role' ? String(node.metadata.labels![k]) : k.slice('node-role.kubernetes.io/'.length),
    )
    .filter((r) => r !== '')
    .sort();
  const info = o(status.nodeInfo);
  const addr = (type: string): string => str(arr(status.addresses).find((a) => a.type === type)?.address) || '<none>';
  return [
    node.metadata.name,
    states.join(','),
    roles.length ? roles.join(',') : '<none>',
    age(node.metadata.creationTimestamp, now),
    str(info.kubeletVersion),
    addr('InternalIP'),
    addr('ExternalIP'),
    str(info.osImage) || '<unknown>',
    str(info.kernelVersion) || '<unknown>',
    str(info.containerRuntimeVersion) || '<unknown>',
  ];
}

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

function serviceExternalIP(spec: Any, status: Any): string {
  const type = str(spec.type);
  const external = (spec.externalIPs as string[] | undefined) ?? [];
  const lb = arr(o(status.loadBalancer).ingress).map((i) => str(i.ip) || str(i.hostname));
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const all = [...lb, ...external];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return str(spec.externalName);
  }
  return '<unknown>';
}

export function serviceRow(svc: StoredObject, now: number): unknown[] {
  const spec = o(svc.spec);
  const ports = arr(spec.ports).map((p) => {
    const np = n(p.nodePort) ? `:${n(p.nodePort)}` : '';
    return `${n(p.port)}${np}/${str(p.protocol) || 'TCP'}`;
  });
  const sel = o(spec.selector);
  const keys = Object.keys(sel).sort();
  return [
    svc.metadata.name,
    str(spec.type),
    str(spec.clusterIP) || '<none>',
    serviceExternalIP(spec, o(svc.status)),
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
  const subsets = arr(ep.subsets);
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const ports = arr(ss.ports);
    const addresses = arr(ss.addresses);
    if (!ports.length) {
      for (const a of addresses) {
        if (list.length < max) list.push(str(a.ip));
        else more = true;
        count++;
      }
      continue;
    }
    for (const port of ports) {
      for (const a of addresses) {
        if (list.length < max) list.push(`${str(a.ip)}:${n(port.port)}`);
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

export const configMapColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Data', 'string', 0, 'Data contains the configuration data.'),
  AGE_COLUMN,
];

export const configMapRow = (cm: StoredObject, now: number): unknown[] => [
  cm.metadata.name,
  Object.keys(o(cm.data)).length + Object.keys(o(cm.binaryData)).length,
  age(cm.metadata.creationTimestamp, now),
];

export const secretColumns: TableColumn[] = [
  NAME_COLUMN,
  col('Type', 'string', 0, 'The type of the secret'),
  col('Data', 'string', 0, 'The number of entries in the secret'),
  AGE_COLUMN,
];

export const secretRow = (s: StoredObject, now: number): unknown[] => [
  s.metadata.name,
  str(s.type),
  Object.keys(o(s.data)).length,
  age(s.metadata.creationTimestamp, now),
];

export const serviceAccountColumns: TableColumn[] = [
  NAME_COLUMN,
  col(
    'Secrets',
    'string',
    0,
    'Secrets is the list of secrets allowed to be used by pods running using this ServiceAccount.',
  ),
  AGE_COLUMN,
];

export const serviceAccountRow = (sa: StoredObject, now: number): unknown[] => [
  sa.metadata.name,
  arr(sa.secrets).length,
  age(sa.metadata.creationTimestamp, now),
];

export const eventColumns: TableColumn[] = [
  col('Last Seen', 'string'),
  col('Type', 'string'),
  col('Reason', 'string'),
  col('Object', 'string'),
  col('Subobject', 'string', 1),
  col('Source', 'string', 1),
  col('Message', 'string'),
  col('First Seen', 'string', 1),
  col('Count', 'string', 1),
  { ...NAME_COLUMN, priority: 1 },
];

export function eventRow(ev: StoredObject, now: number): unknown[] {
  const inv = o(ev.involvedObject);
  const source = o(ev.source);
  const first = str(ev.firstTimestamp) ? age(str(ev.firstTimestamp), now) : age(str(ev.eventTime) || undefined, now);
  const last = str(ev.lastTimestamp) ? age(str(ev.lastTimestamp), now) : first;
  const target = str(inv.name) ? `${str(inv.kind).toLowerCase()}/${str(inv.name)}` : str(inv.kind).toLowerCase();
  const sourceText = str(source.host) ? `${str(source.component)}, ${str(source.host)}` : str(source.component);
  // The server always renders the wide cells; kubectl hides priority-1 columns itself.
  return [
    last,
    str(ev.type),
    str(ev.reason),
    target,
    str(inv.fieldPath),
    sourceText,
    str(ev.message).trim(),
    first,
    n(ev.count),
    ev.metadata.name,
  ];
}
