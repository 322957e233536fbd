/**
 * authorization.k8s.io/v1 selfsubjectaccessreviews: what `kubectl auth can-i` asks. Wharf has one user with every
 * right (no RBAC), like the cluster-admin of a local cluster, so every review is allowed.
 */
import type { ResourceDef } from '../resource-types.js';

export const selfsubjectaccessreviews: ResourceDef = {
  group: 'authorization.k8s.io',
  version: 'v1',
  resource: 'selfsubjectaccessreviews',
  kind: 'SelfSubjectAccessReview',
  singular: 'selfsubjectaccessreview',
  namespaced: false,
  verbs: ['create'],
  review: true,
  columns: [],
  row: () => [],
  prepareForCreate(obj) {
    (obj as { status?: unknown }).status = { allowed: true };
  },
};
