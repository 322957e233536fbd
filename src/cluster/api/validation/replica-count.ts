/**
 * Bounds on how many pods one object asks for. Kubernetes takes any int32 (the decoder rejects larger numbers); Wharf
 * also caps it, because every pod is a real container in a VM emulated in a browser tab: a typo such as
 * `--replicas=1000000000` must be a clear error, not a tab busy creating pods for hours.
 */
import type { FieldError } from '../errors.js';

/** The most replicas (or Job parallelism) one object may ask for in the playground. */
export const PLAYGROUND_MAX_REPLICAS = 100;

/** Field errors for a replica count: upstream's `>= 0`, then the playground's cap. */
export function replicaCountErrors(value: unknown, field: string): FieldError[] {
  if (value === undefined) return [];
  if (typeof value !== 'number' || value < 0) {
    return [{ type: 'Invalid', field, value: String(value), detail: 'must be greater than or equal to 0' }];
  }
  if (value > PLAYGROUND_MAX_REPLICAS) {
    return [
      {
        type: 'Invalid',
        field,
        value: String(value),
        detail: `must be less than or equal to ${PLAYGROUND_MAX_REPLICAS} in this playground cluster (each pod is a container in the browser's VM)`,
      },
    ];
  }
  return [];
}
