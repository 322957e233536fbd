import type { Deployment, Pod } from '../../cluster/objects/index.js';
import type { ClusterPort } from '../ports.js';

/** The namespace of the cluster's own parts, which a lesson's steps do not move. */
const SYSTEM_NAMESPACE = 'kube-system';

/**
 * What is still on its way in the cluster, in the learner's words, or undefined when it is at rest: a Deployment that
 * has not caught up with its latest change, pods starting or terminating. A Kubernetes check that passes while the
 * cluster moves may be passing on the way to somewhere else (scaling 2 -> 4 passes through "exactly 3 ready"), so the
 * step watcher holds such a pass until the cluster is at rest: settled by the cluster's own state, not by a timer.
 */
export async function clusterMotion(cluster: ClusterPort): Promise<string | undefined> {
  const [deployments, pods] = await Promise.all([cluster.list('Deployment', {}), cluster.list('Pod', {})]);
  for (const d of deployments as Deployment[]) {
    if (d.metadata.namespace === SYSTEM_NAMESPACE) continue;
    const name = d.metadata.name;
    const want = d.spec.replicas ?? 1;
    const status = d.status ?? {};
    if ((status.observedGeneration ?? 0) < (d.metadata.generation ?? 0))
      return `Deployment ${name} has not acted on its latest change yet`;
    if ((status.updatedReplicas ?? 0) < want || (status.readyReplicas ?? 0) < want)
      return `Deployment ${name} is rolling out (${status.readyReplicas ?? 0} of ${want} pods ready)`;
    if ((status.replicas ?? 0) > want)
      return `Deployment ${name} is removing pods (${status.replicas ?? 0} for ${want} wanted)`;
  }
  for (const pod of pods as Pod[]) {
    if (pod.metadata.namespace === SYSTEM_NAMESPACE) continue;
    if (pod.metadata.deletionTimestamp) return `pod ${pod.metadata.name} is terminating`;
    if ((pod.status?.phase ?? 'Pending') === 'Pending') return `pod ${pod.metadata.name} is starting`;
  }
  return undefined;
}
