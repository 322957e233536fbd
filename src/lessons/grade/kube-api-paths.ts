/**
 * Where each Kubernetes kind a check may read lives in the Kubernetes API: its group, the versions to try (newest
 * first) and its plural resource name. Every entry of KUBERNETES_KINDS has one (the type says so), so a kind added
 * to the lesson format without a path here does not compile.
 */
import type { KubernetesKind } from '../schema/check-kinds.js';

export interface KindLocation {
  /** '' for the core group (/api/v1). */
  group: string;
  /**
   * Versions in the order to try them. Several only where clusters differ: CronJob is batch/v1 from Kubernetes 1.21
   * on, batch/v1beta1 before (Wharf's own API server is 1.20).
   */
  versions: readonly [string, ...string[]];
  resource: string;
  namespaced: boolean;
}

const core = (resource: string, namespaced = true): KindLocation => ({
  group: '',
  versions: ['v1'],
  resource,
  namespaced,
});
const apps = (resource: string): KindLocation => ({ group: 'apps', versions: ['v1'], resource, namespaced: true });

export const KIND_LOCATIONS: Record<KubernetesKind, KindLocation> = {
  Pod: core('pods'),
  Service: core('services'),
  Endpoints: core('endpoints'),
  ConfigMap: core('configmaps'),
  Secret: core('secrets'),
  Event: core('events'),
  Namespace: core('namespaces', false),
  Node: core('nodes', false),
  Deployment: apps('deployments'),
  ReplicaSet: apps('replicasets'),
  StatefulSet: apps('statefulsets'),
  DaemonSet: apps('daemonsets'),
  Job: { group: 'batch', versions: ['v1'], resource: 'jobs', namespaced: true },
  CronJob: { group: 'batch', versions: ['v1', 'v1beta1'], resource: 'cronjobs', namespaced: true },
};

/** `v1`, `apps/v1`: what the API server writes in an object's apiVersion. */
export function groupVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** `/api/v1`, `/apis/apps/v1`: the root of one group version. */
export function groupVersionRoot(group: string, version: string): string {
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

/**
 * The path of one object (with `name`) or of a list. A namespaced kind without a namespace lists across all
 * namespaces; a cluster-scoped kind ignores the namespace.
 */
export function resourcePath(
  location: KindLocation,
  version: string,
  target: { namespace?: string | undefined; name?: string | undefined },
): string {
  const root = groupVersionRoot(location.group, version);
  const scope =
    location.namespaced && target.namespace !== undefined ? `/namespaces/${encodeURIComponent(target.namespace)}` : '';
  const name = target.name !== undefined ? `/${encodeURIComponent(target.name)}` : '';
  return `${root}${scope}/${location.resource}${name}`;
}
