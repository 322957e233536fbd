import type { KubeObject } from '../../objects/index.js';
import type { FieldError } from '../errors.js';
import { goQuote } from '../go-format.js';
import {
  dns1035Label,
  dns1123Label,
  dns1123Subdomain,
  labelValue,
  nameErrors,
  pathSegmentName,
  qualifiedName,
} from './names.js';

/** apimachinery's TotalAnnotationSizeLimitB: keys and values of one object's annotations together. */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;

const utf8 = new TextEncoder();

export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path';

const RULES: Record<NameRule, (v: string) => string[]> = {
  subdomain: dns1123Subdomain,
  label: dns1123Label,
  dns1035: dns1035Label,
  path: pathSegmentName,
};

/** ValidateObjectMeta: name, namespace, labels, annotations. */
export function validateObjectMeta(obj: KubeObject, namespaced: boolean, rule: NameRule): FieldError[] {
  const errs: FieldError[] = [];
  const meta = obj.metadata;
  if (!meta.name) {
    errs.push({ type: 'Required', field: 'metadata.name', detail: 'name or generateName is required' });
  } else {
    errs.push(...nameErrors('metadata.name', meta.name, RULES[rule]));
  }
  if (namespaced && meta.namespace) errs.push(...nameErrors('metadata.namespace', meta.namespace, dns1123Label));
  errs.push(...validateLabels(meta.labels, 'metadata.labels'));
  let annotationBytes = 0;
  for (const [key, value] of Object.entries(meta.annotations ?? {})) {
    for (const detail of qualifiedName(key)) {
      errs.push({ type: 'Invalid', field: 'metadata.annotations', value: goQuote(key), detail });
    }
    annotationBytes += utf8.encode(key).length + (typeof value === 'string' ? utf8.encode(value).length : 0);
  }
  if (annotationBytes > MAX_ANNOTATIONS_BYTES) {
    errs.push({
      type: 'TooLong',
      field: 'metadata.annotations',
      detail: `must have at most ${MAX_ANNOTATIONS_BYTES} bytes`,
    });
  }
  return errs;
}

export function validateLabels(labels: Readonly<Record<string, unknown>> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const detail of qualifiedName(key)) errs.push({ type: 'Invalid', field, value: goQuote(key), detail });
    if (typeof value !== 'string') continue;
    for (const detail of labelValue(value)) errs.push({ type: 'Invalid', field, value: goQuote(value), detail });
  }
  return errs;
}
