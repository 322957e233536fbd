import type { ClusterClient } from '../cluster/client/index.js';
import type { KubeObject } from '../cluster/objects/index.js';
import type { ClusterPort } from './ports.js';
import type { KubernetesKind } from './schema/check-kinds.js';

/** The cluster port on the stack's in-process client (`stack.cluster`): reads the store directly, watches it. */
export function clusterPort(client: ClusterClient): ClusterPort {
  // `Deployment` -> the client's singular name `deployment`.
  const resource = (kind: KubernetesKind) => client.resource(kind.toLowerCase());
  const scope = (kind: KubernetesKind, namespace: string | undefined) =>
    resource(kind).def.namespaced ? namespace : undefined;
  return {
    get: async (kind, namespace, name) => resource(kind).find(scope(kind, namespace), name),
    list: async (kind, options) => {
      const namespace = scope(kind, options.namespace);
      return resource(kind).list({
        ...(namespace !== undefined ? { namespace } : {}),
        ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
      }).items as KubeObject[];
    },
    watch: (kind, onChange) => {
      // From the current version: what exists now is not a change.
      const { resourceVersion } = resource(kind).list();
      return resource(kind).watch({ resourceVersion }, () => onChange());
    },
  };
}
