/**
 * The `/scale` subresource of deployments, replicasets and statefulsets: an autoscaling/v1 Scale view of the object
 * (what `kubectl scale` reads and patches), and the object with a Scale's replicas written back.
 */
import { thaw, type KubeObject, type StoredObject } from '../store/index.js';
import { badRequest, invalid } from './errors.js';
import { formatLabelSelector } from './table/workload-printers.js';

type Any = Record<string, unknown>;

export function toScale(obj: StoredObject): Any {
  const spec = (obj.spec ?? {}) as Any;
  const status = (obj.status ?? {}) as Any;
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
  const replicas = ((scale as Any).spec as Any | undefined)?.replicas;
  if (typeof replicas !== 'number' || replicas < 0 || !Number.isInteger(replicas)) {
    throw invalid('Scale', 'autoscaling', name, [
      {
        type: 'Invalid',
        field: 'spec.replicas',
        value: String(replicas),
        detail: 'must be greater than or equal to 0',
      },
    ]);
  }
  const rv = ((scale as Any).metadata as Any | undefined)?.resourceVersion;
  const obj = thaw(current) as KubeObject;
  (obj.spec as Any).replicas = replicas;
  obj.metadata.resourceVersion = typeof rv === 'string' && rv ? rv : current.metadata.resourceVersion;
  return obj;
}
