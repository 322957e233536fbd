/** The pods table, after upstream's printPod (release-1.20): READY, the STATUS reason logic, RESTARTS, -o wide. */
import type { StoredObject } from '../../store/index.js';
import { fieldsOf, listOf, numberOf, stringOf } from './cells.js';
import { age } from './human-duration.js';
import { AGE_COLUMN, col, NAME_COLUMN, type TableColumn } from './table-types.js';

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
  const spec = fieldsOf(pod.spec);
  const status = fieldsOf(pod.status);
  let restarts = 0;
  const total = listOf(spec.containers).length;
  let ready = 0;
  let reason = stringOf(status.phase);
  if (stringOf(status.reason)) reason = stringOf(status.reason);

  let initializing = false;
  const initStatuses = listOf(status.initContainerStatuses);
  const initCount = listOf(spec.initContainers).length;
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!;
    restarts += numberOf(cs.restartCount);
    const state = fieldsOf(cs.state);
    const term = state.terminated ? fieldsOf(state.terminated) : undefined;
    const wait = state.waiting ? fieldsOf(state.waiting) : undefined;
    if (term && numberOf(term.exitCode) === 0) continue;
    if (term) {
      if (!stringOf(term.reason)) {
        reason =
          numberOf(term.signal) !== 0
            ? `Init:Signal:${numberOf(term.signal)}`
            : `Init:ExitCode:${numberOf(term.exitCode)}`;
      } else reason = `Init:${stringOf(term.reason)}`;
      initializing = true;
    } else if (wait && stringOf(wait.reason) && stringOf(wait.reason) !== 'PodInitializing') {
      reason = `Init:${stringOf(wait.reason)}`;
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
    const statuses = listOf(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      restarts += numberOf(cs.restartCount);
      const state = fieldsOf(cs.state);
      const wait = state.waiting ? fieldsOf(state.waiting) : undefined;
      const term = state.terminated ? fieldsOf(state.terminated) : undefined;
      if (wait && stringOf(wait.reason)) reason = stringOf(wait.reason);
      else if (term && stringOf(term.reason)) reason = stringOf(term.reason);
      else if (term) {
        reason =
          numberOf(term.signal) !== 0 ? `Signal:${numberOf(term.signal)}` : `ExitCode:${numberOf(term.exitCode)}`;
      } else if (state.running && cs.ready === true) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const readyCond = listOf(status.conditions).find((c) => c.type === 'Ready');
      reason = readyCond?.status === 'True' ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp && stringOf(status.reason) === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp) reason = 'Terminating';

  const gates = listOf(spec.readinessGates);
  let gatesText = '<none>';
  if (gates.length) {
    const conds = listOf(status.conditions);
    const trueCount = gates.filter((g) => conds.some((c) => c.type === g.conditionType && c.status === 'True')).length;
    gatesText = `${trueCount}/${gates.length}`;
  }
  return [
    pod.metadata.name,
    `${ready}/${total}`,
    reason,
    restarts,
    age(pod.metadata.creationTimestamp, now),
    stringOf(status.podIP) || '<none>',
    stringOf(spec.nodeName) || '<none>',
    stringOf(status.nominatedNodeName) || '<none>',
    gatesText,
  ];
}
