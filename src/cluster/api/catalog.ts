/**
 * The resources Wharf serves, in upstream discovery order: core/v1 first, then the groups in GROUP_ORDER, each group
 * version alphabetical as the real /api/v1 and /apis/<group>/<version> list them (`kubectl get all` and
 * `api-resources` follow this order). Each entry's discovery facts, printer and strategy live in `resources/`.
 */
import { controllerrevisions, daemonsets, deployments, replicasets, statefulsets } from './resources/apps-v1.js';
import { selfsubjectaccessreviews } from './resources/authorization-v1.js';
import { horizontalpodautoscalers } from './resources/autoscaling-v1.js';
import { cronjobs, jobs } from './resources/batch.js';
import { leases } from './resources/coordination-v1.js';
import { events, namespaces, nodes } from './resources/core-v1-cluster.js';
import { configmaps, secrets, serviceaccounts } from './resources/core-v1-config.js';
import { bindings, pods } from './resources/core-v1-pods.js';
import { limitranges, resourcequotas } from './resources/core-v1-policy.js';
import { endpoints, services } from './resources/core-v1-services.js';
import { ingressclasses, ingresses } from './resources/networking-v1.js';
import { persistentvolumeclaims, persistentvolumes, storageclasses } from './resources/storage.js';
import type { ResourceDef } from './resource-types.js';

export const CATALOG: ResourceDef[] = [
  // core/v1
  bindings,
  configmaps,
  endpoints,
  events,
  limitranges,
  namespaces,
  nodes,
  persistentvolumeclaims,
  persistentvolumes,
  pods,
  resourcequotas,
  secrets,
  serviceaccounts,
  services,
  // apps/v1
  controllerrevisions,
  daemonsets,
  deployments,
  replicasets,
  statefulsets,
  // authorization.k8s.io/v1
  selfsubjectaccessreviews,
  // autoscaling/v1
  horizontalpodautoscalers,
  // batch/v1, batch/v1beta1
  jobs,
  cronjobs,
  // networking.k8s.io/v1
  ingressclasses,
  ingresses,
  // storage.k8s.io/v1
  storageclasses,
  // coordination.k8s.io/v1
  leases,
];

/** Group versions in the order /apis lists them (upstream priority order for the groups we serve). */
export const GROUP_ORDER = [
  'apps',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'networking.k8s.io',
  'storage.k8s.io',
  'coordination.k8s.io',
];
