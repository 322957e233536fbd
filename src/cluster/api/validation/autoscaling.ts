/** autoscaling/v1 HorizontalPodAutoscaler validation (upstream `ValidateHorizontalPodAutoscalerSpec`, the common rules). */
import type { JsonObject, KubeObject } from '../../objects/index.js';
import type { FieldError } from '../errors.js';

export function validateHorizontalPodAutoscaler(obj: KubeObject): FieldError[] {
  const spec = ((obj as JsonObject).spec ?? {}) as JsonObject;
  const errs: FieldError[] = [];
  const ref = (spec.scaleTargetRef ?? {}) as JsonObject;
  if (!ref.kind) errs.push({ type: 'Required', field: 'spec.scaleTargetRef.kind', detail: '' });
  if (!ref.name) errs.push({ type: 'Required', field: 'spec.scaleTargetRef.name', detail: '' });
  const min = spec.minReplicas as number;
  const max = spec.maxReplicas as number | undefined;
  if (typeof min === 'number' && min < 1) {
    errs.push({
      type: 'Invalid',
      field: 'spec.minReplicas',
      value: String(min),
      detail: 'must be greater than or equal to 1',
    });
  }
  if (typeof max !== 'number' || max < 1) {
    errs.push({
      type: 'Invalid',
      field: 'spec.maxReplicas',
      value: String(max ?? 0),
      detail: 'must be greater than 0',
    });
  } else if (typeof min === 'number' && max < min) {
    errs.push({
      type: 'Invalid',
      field: 'spec.maxReplicas',
      value: String(max),
      detail: 'must be greater than or equal to `minReplicas`',
    });
  }
  return errs;
}
