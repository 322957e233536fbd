/**
 * The cluster port over the Kubernetes API (any cluster a kubeconfig reaches: kind, minikube, a cloud cluster, Wharf's
 * own API server), for grading. Reads are plain GETs; `watch` does nothing, since grading reads everything once.
 */
import type { KubeObject } from '../../cluster/objects/index.js';
import type { ClusterPort } from '../ports.js';
import type { KubernetesKind } from '../schema/check-kinds.js';
import { groupVersionOf, groupVersionRoot, KIND_LOCATIONS, resourcePath } from './kube-api-paths.js';

/** One GET to the API server. */
export interface KubeApi {
  /** The status and the JSON body (undefined when the body is not JSON); rejects when nothing answers. */
  get(path: string): Promise<{ status: number; body: unknown }>;
}

interface StatusBody {
  kind?: string;
  message?: string;
}

/** The API server's own sentence for a refusal (its Status object's message), else the status code. */
function refusal(status: number, body: unknown, what: string): Error {
  const message = (body as StatusBody | undefined)?.message;
  return new Error(`the API server answered ${status} to ${what}${message ? `: ${message}` : ''}`);
}

export function apiClusterPort(api: KubeApi): ClusterPort {
  // Which version of a kind the cluster serves, found once per kind (only CronJob has a choice).
  const versions = new Map<KubernetesKind, Promise<string>>();
  const versionOf = (kind: KubernetesKind): Promise<string> => {
    let found = versions.get(kind);
    if (!found) {
      found = discoverVersion(api, kind);
      versions.set(kind, found);
      // A failed discovery (the server was briefly away) is asked again next time.
      found.catch(() => versions.delete(kind));
    }
    return found;
  };
  const withType = (kind: KubernetesKind, version: string, obj: KubeObject): KubeObject => ({
    ...obj,
    // List items come without their kind and apiVersion; checks see the same object whichever way it was read.
    apiVersion: obj.apiVersion ?? groupVersionOf(KIND_LOCATIONS[kind].group, version),
    kind: obj.kind ?? kind,
  });
  return {
    async get(kind, namespace, name) {
      const version = await versionOf(kind);
      const path = resourcePath(KIND_LOCATIONS[kind], version, { namespace, name });
      const { status, body } = await api.get(path);
      if (status === 404) return undefined;
      if (status !== 200) throw refusal(status, body, `a read of ${kind} ${name}`);
      return withType(kind, version, body as KubeObject);
    },
    async list(kind, options) {
      const version = await versionOf(kind);
      const path = resourcePath(KIND_LOCATIONS[kind], version, { namespace: options.namespace });
      const query = options.labelSelector ? `?labelSelector=${encodeURIComponent(options.labelSelector)}` : '';
      const { status, body } = await api.get(path + query);
      if (status !== 200) throw refusal(status, body, `a list of ${KIND_LOCATIONS[kind].resource}`);
      const items = (body as { items?: KubeObject[] | null } | undefined)?.items ?? [];
      return items.map((item) => withType(kind, version, item));
    },
    watch: () => ({ dispose() {} }),
  };
}

/** The first of the kind's versions whose group version lists its resource. */
async function discoverVersion(api: KubeApi, kind: KubernetesKind): Promise<string> {
  const location = KIND_LOCATIONS[kind];
  if (location.versions.length === 1) return location.versions[0];
  for (const version of location.versions) {
    const { status, body } = await api.get(groupVersionRoot(location.group, version));
    if (status === 404) continue;
    if (status !== 200) throw refusal(status, body, `the list of ${groupVersionOf(location.group, version)} resources`);
    const resources = (body as { resources?: { name: string }[] } | undefined)?.resources ?? [];
    if (resources.some((r) => r.name === location.resource)) return version;
  }
  const tried = location.versions.map((v) => groupVersionOf(location.group, v)).join(', ');
  throw new Error(`the cluster does not serve ${kind} objects (looked in ${tried})`);
}
