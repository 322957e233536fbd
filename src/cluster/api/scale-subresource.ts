/**
 * The `/scale` subresource of deployments, replicasets and statefulsets: an autoscaling/v1 Scale view of the object
 * (what `kubectl scale` reads and patches), and the object with a Scale's replicas written back.
 */
import { thaw, type StoredObject } from '../store/index.js';
import type { JsonObject, KubeObject } from '../objects/index.js';
import { badRequest, invalid } from './errors.js';
import { DecodeError, decodeWithSchema } from './openapi/decode.js';
import { replicaCountErrors } from './validation/replica-count.js';
import { formatLabelSelector } from './table/workload-printers.js';

export function toScale(obj: StoredObject): JsonObject {
  const spec = (obj.spec ?? {}) as JsonObject;
  const status = (obj.status ?? {}) as JsonObject;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: {
      replicas: (status.replicas as number | undefined) ?? 0,
      selector: formatLabelSelector(spec.selector).replace(/^<none>$/, ''),
    },
  };
}

/**
 * An editable copy of `current` with the Scale's spec.replicas; the Scale's resourceVersion (if any) becomes the
 * write's precondition, as on a real server.
 */
export function withScaledReplicas(current: StoredObject, scale: unknown): KubeObject {
  const name = current.metadata.name ?? '';
  if (!scale || typeof scale !== 'object' || Array.isArray(scale)) throw badRequest('invalid Scale object');
  let decoded: JsonObject;
  try {
    // Typed like every body: `replicas: "3"` or `1e300` cannot be an int32 (400, as the real decoder says).
    decoded = decodeWithSchema('io.k8s.api.autoscaling.v1.Scale', scale as JsonObject);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    throw badRequest(`Scale in version "v1" cannot be handled as a Scale: ${error.message}`);
  }
  const replicas = (decoded.spec as JsonObject | undefined)?.replicas ?? 0;
  const errors = replicaCountErrors(replicas, 'spec.replicas');
  if (errors.length) throw invalid('Scale', 'autoscaling', name, errors);
  const rv = (decoded.metadata as JsonObject | undefined)?.resourceVersion;
  const obj = thaw(current) as KubeObject;
  (obj.spec as JsonObject).replicas = replicas;
  obj.metadata.resourceVersion = typeof rv === 'string' && rv ? rv : current.metadata.resourceVersion;
  return obj;
}
