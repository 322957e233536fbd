import { StoreError, type ObjectStore } from '../store/index.js';
import type { KubeObject } from '../objects/index.js';
import type { DeleteOptions, ResourceInfo, StorePort } from './store-port.js';

/** apiVersion and kind of the resources controllers meet in ownerReferences (the store itself only knows names). */
const KINDS: Record<string, { apiVersion: string; kind: string }> = {
  pods: { apiVersion: 'v1', kind: 'Pod' },
  services: { apiVersion: 'v1', kind: 'Service' },
  endpoints: { apiVersion: 'v1', kind: 'Endpoints' },
  configmaps: { apiVersion: 'v1', kind: 'ConfigMap' },
  secrets: { apiVersion: 'v1', kind: 'Secret' },
  serviceaccounts: { apiVersion: 'v1', kind: 'ServiceAccount' },
  persistentvolumeclaims: { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  persistentvolumes: { apiVersion: 'v1', kind: 'PersistentVolume' },
  replicationcontrollers: { apiVersion: 'v1', kind: 'ReplicationController' },
  namespaces: { apiVersion: 'v1', kind: 'Namespace' },
  nodes: { apiVersion: 'v1', kind: 'Node' },
  events: { apiVersion: 'v1', kind: 'Event' },
  limitranges: { apiVersion: 'v1', kind: 'LimitRange' },
  resourcequotas: { apiVersion: 'v1', kind: 'ResourceQuota' },
  'deployments.apps': { apiVersion: 'apps/v1', kind: 'Deployment' },
  'replicasets.apps': { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  'daemonsets.apps': { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  'statefulsets.apps': { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  'controllerrevisions.apps': { apiVersion: 'apps/v1', kind: 'ControllerRevision' },
  'jobs.batch': { apiVersion: 'batch/v1', kind: 'Job' },
  'cronjobs.batch': { apiVersion: 'batch/v1beta1', kind: 'CronJob' },
  'ingresses.networking.k8s.io': { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  'networkpolicies.networking.k8s.io': { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  'horizontalpodautoscalers.autoscaling': { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler' },
  'roles.rbac.authorization.k8s.io': { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  'rolebindings.rbac.authorization.k8s.io': { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  'endpointslices.discovery.k8s.io': { apiVersion: 'discovery.k8s.io/v1beta1', kind: 'EndpointSlice' },
  'leases.coordination.k8s.io': { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' },
};

/** The finalizers upstream's API server adds for a DELETE with propagationPolicy Foreground / Orphan. */
const POLICY_FINALIZER = { Foreground: 'foregroundDeletion', Orphan: 'orphan' } as const;

/**
 * Adapts the in-memory {@link ObjectStore} to the controllers' {@link StorePort}. Store calls are synchronous; the
 * port is async so the controllers could equally sit behind a remote API. Reads hand out the store's frozen objects
 * (no copies): the controllers copy before they change anything.
 */
export function objectStorePort(store: ObjectStore): StorePort {
  const known = (resource: string) => store.registered().some((r) => r.resource === resource);
  const cast = (o: unknown) => o as KubeObject;
  return {
    listAndWatch(resource, onEvent) {
      if (!known(resource)) return () => {};
      const sub = store.watch(resource, {}, (e) => onEvent({ type: e.type, object: cast(e.object) }));
      return () => sub.dispose();
    },
    get: (resource, namespace, name) => (known(resource) ? cast(store.get(resource, namespace, name)) : undefined),
    list: (resource, namespace) =>
      known(resource) ? store.list(resource, namespace ? { namespace } : {}).items.map(cast) : [],
    resources(): ResourceInfo[] {
      return store
        .registered()
        .filter((r) => KINDS[r.resource])
        .map((r) => ({ resource: r.resource, namespaced: r.namespaced, ...KINDS[r.resource]! }));
    },
    async create(resource, obj) {
      return cast(store.create(resource, obj));
    },
    async update(resource, obj) {
      // Like a PUT to the main resource: status cannot be changed this way.
      const current = store.get(resource, obj.metadata.namespace, obj.metadata.name ?? '');
      const next = current && 'status' in current ? { ...obj, status: current.status } : obj;
      return cast(store.update(resource, next));
    },
    async updateStatus(resource, obj) {
      // Like a PUT to /status: only .status changes; resourceVersion is still the precondition.
      const { namespace, name = '', resourceVersion } = obj.metadata;
      const current = store.mustGet(resource, namespace, name);
      const next = {
        ...current,
        metadata: { ...current.metadata, resourceVersion: resourceVersion || current.metadata.resourceVersion },
        status: obj.status,
      };
      return cast(store.update(resource, next as KubeObject));
    },
    async bind(namespace, name, nodeName, { uid, time }) {
      store.guaranteedUpdate('pods', namespace, name, (pod) => {
        const spec = (pod.spec ?? {}) as { nodeName?: string };
        if (spec.nodeName || pod.metadata.deletionTimestamp || (uid && pod.metadata.uid !== uid))
          throw new StoreError(
            'Conflict',
            `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned or being deleted`,
          );
        const status = (pod.status ?? {}) as { conditions?: { type: string }[] };
        const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
        conditions.push({
          type: 'PodScheduled',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: time,
        } as never);
        return {
          ...pod,
          spec: { ...spec, nodeName },
          status: { phase: 'Pending', ...status, conditions },
        } as KubeObject;
      });
    },
    async delete(resource, namespace, name, options: DeleteOptions = {}) {
      const current = store.mustGet(resource, namespace, name);
      const policy = options.propagationPolicy;
      const finalizer = policy && policy !== 'Background' ? POLICY_FINALIZER[policy] : undefined;
      if (finalizer && !current.metadata.finalizers?.includes(finalizer)) {
        store.update(resource, {
          ...current,
          metadata: { ...current.metadata, finalizers: [...(current.metadata.finalizers ?? []), finalizer] },
        } as KubeObject);
      }
      store.delete(resource, namespace, name, {
        uid: options.uid,
        gracePeriodSeconds: options.gracePeriodSeconds ?? defaultGrace(resource, cast(current)),
      });
    },
  };
}

/**
 * Upstream pod deletion is graceful (terminationGracePeriodSeconds, default 30 s; the kubelet finishes it), except
 * for pods that never reached a node or already finished, which go at once.
 */
function defaultGrace(resource: string, obj: KubeObject): number {
  if (resource !== 'pods') return 0;
  const spec = obj.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
  const phase = (obj.status as { phase?: string } | undefined)?.phase;
  if (!spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  return spec.terminationGracePeriodSeconds ?? 30;
}
