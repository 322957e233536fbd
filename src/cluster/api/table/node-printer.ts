/** The nodes table, after upstream's printNode (release-1.20): STATUS, ROLES from labels, -o wide system info. */
import type { StoredObject } from '../../store/index.js';
import { fieldsOf, listOf, stringOf } from './cells.js';
import { age } from './human-duration.js';
import { AGE_COLUMN, col, NAME_COLUMN, type TableColumn } from './table-types.js';

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
  const status = fieldsOf(node.status);
  const spec = fieldsOf(node.spec);
  const conds = listOf(status.conditions);
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
  const info = fieldsOf(status.nodeInfo);
  const addr = (type: string): string =>
    stringOf(listOf(status.addresses).find((a) => a.type === type)?.address) || '<none>';
  return [
    node.metadata.name,
    states.join(','),
    roles.length ? roles.join(',') : '<none>',
    age(node.metadata.creationTimestamp, now),
    stringOf(info.kubeletVersion),
    addr('InternalIP'),
    addr('ExternalIP'),
    stringOf(info.osImage) || '<unknown>',
    stringOf(info.kernelVersion) || '<unknown>',
    stringOf(info.containerRuntimeVersion) || '<unknown>',
  ];
}
