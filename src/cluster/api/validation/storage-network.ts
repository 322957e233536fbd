/** Validation for PersistentVolumeClaims and Ingresses: the required fields learners forget, upstream wording. */
import type { StoredObject } from '../../store/index.js';
import type { JsonObject, KubeObject } from '../../objects/index.js';
import type { FieldError } from '../errors.js';
import { goQuote } from '../go-format.js';

const obj = (v: unknown): JsonObject | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
const list = (v: unknown): JsonObject[] => (Array.isArray(v) ? (v as JsonObject[]) : []);

export function validatePersistentVolumeClaim(pvc: KubeObject, old?: StoredObject): FieldError[] {
  const spec = obj(pvc.spec) ?? {};
  const errs: FieldError[] = [];
  if (!list(spec.accessModes).length) {
    errs.push({ type: 'Required', field: 'spec.accessModes', detail: 'at least 1 access mode is required' });
  }
  const storage = obj(obj(spec.resources)?.requests)?.storage;
  if (storage === undefined) errs.push({ type: 'Required', field: 'spec.resources[storage]', detail: '' });
  if (old) {
    const strip = (s: JsonObject): string => JSON.stringify({ ...s, resources: undefined, volumeName: undefined });
    if (strip(spec) !== strip(obj(old.spec) ?? {})) {
      errs.push({
        type: 'Forbidden',
        field: 'spec',
        detail: 'spec is immutable after creation except resources.requests for bound claims',
      });
    }
  }
  return errs;
}

const PATH_TYPES = ['Exact', 'Prefix', 'ImplementationSpecific'];

export function validateIngress(ing: KubeObject): FieldError[] {
  const spec = obj(ing.spec) ?? {};
  const errs: FieldError[] = [];
  const rules = list(spec.rules);
  if (!rules.length && !obj(spec.defaultBackend)) {
    errs.push({
      type: 'Invalid',
      field: 'spec',
      value: '',
      detail: 'either `defaultBackend` or `rules` must be specified',
    });
  }
  rules.forEach((rule, i) => {
    list(obj(rule.http)?.paths).forEach((p, j) => {
      const f = `spec.rules[${i}].http.paths[${j}]`;
      if (p.pathType === undefined)
        errs.push({ type: 'Required', field: `${f}.pathType`, detail: 'pathType must be specified' });
      else if (!PATH_TYPES.includes(String(p.pathType))) {
        errs.push({
          type: 'NotSupported',
          field: `${f}.pathType`,
          value: goQuote(String(p.pathType)),
          detail: 'supported values: "Exact", "ImplementationSpecific", "Prefix"',
        });
      }
      const path = p.path;
      if ((p.pathType === 'Exact' || p.pathType === 'Prefix') && (typeof path !== 'string' || !path.startsWith('/'))) {
        errs.push({
          type: 'Invalid',
          field: `${f}.path`,
          value: goQuote(String(path ?? '')),
          detail: 'must be an absolute path',
        });
      }
      const svc = obj(obj(p.backend)?.service);
      if (!svc && !obj(obj(p.backend)?.resource)) {
        errs.push({ type: 'Required', field: `${f}.backend`, detail: 'a service or resource backend is required' });
      } else if (svc && !obj(svc.port)) {
        errs.push({ type: 'Required', field: `${f}.backend.service.port`, detail: 'port name or number is required' });
      }
    });
  });
  return errs;
}
