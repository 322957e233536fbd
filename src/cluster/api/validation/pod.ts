/** A practical subset of upstream's ValidatePodSpec: the mistakes learners make, with the upstream messages. */
import type { FieldError } from '../errors.js';
import { goQuote } from '../go-format.js';
import { dns1123Label, nameErrors } from './names.js';
import type { JsonObject } from '../../objects/index.js';

const list = (v: unknown): JsonObject[] => (Array.isArray(v) ? (v as JsonObject[]) : []);

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

function validateContainers(
  containers: JsonObject[],
  field: string,
  volumeNames: Set<string>,
  required: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  if (required && containers.length === 0) errs.push({ type: 'Required', field, detail: '' });
  const seen = new Set<string>();
  containers.forEach((c, i) => {
    const f = `${field}[${i}]`;
    const name = typeof c.name === 'string' ? c.name : '';
    if (!name) errs.push({ type: 'Required', field: `${f}.name`, detail: '' });
    else {
      errs.push(...nameErrors(`${f}.name`, name, dns1123Label));
      if (seen.has(name)) errs.push({ type: 'Duplicate', field: `${f}.name`, value: goQuote(name) });
      seen.add(name);
    }
    if (typeof c.image !== 'string' || c.image.trim() === '')
      errs.push({ type: 'Required', field: `${f}.image`, detail: '' });
    if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(String(c.imagePullPolicy))) {
      errs.push({
        type: 'NotSupported',
        field: `${f}.imagePullPolicy`,
        value: goQuote(String(c.imagePullPolicy)),
        detail: `supported values: "Always", "IfNotPresent", "Never"`,
      });
    }
    list(c.ports).forEach((p, j) => {
      const port = p.containerPort;
      if (typeof port !== 'number' || port < 1 || port > 65535) {
        errs.push(
          port === undefined || port === 0
            ? { type: 'Required', field: `${f}.ports[${j}].containerPort`, detail: '' }
            : {
                type: 'Invalid',
                field: `${f}.ports[${j}].containerPort`,
                value: String(port),
                detail: 'must be between 1 and 65535, inclusive',
              },
        );
      }
    });
    list(c.volumeMounts).forEach((m, j) => {
      const n = String(m.name ?? '');
      if (!n) errs.push({ type: 'Required', field: `${f}.volumeMounts[${j}].name`, detail: '' });
      else if (!volumeNames.has(n)) {
        errs.push({ type: 'NotFound', field: `${f}.volumeMounts[${j}].name`, value: goQuote(n) });
      }
      if (!m.mountPath) errs.push({ type: 'Required', field: `${f}.volumeMounts[${j}].mountPath`, detail: '' });
    });
  });
  return errs;
}

export function validatePodSpec(spec: JsonObject | undefined, field: string): FieldError[] {
  if (!spec) return [{ type: 'Required', field: `${field}.containers`, detail: '' }];
  const errs: FieldError[] = [];
  const volumeNames = new Set<string>();
  list(spec.volumes).forEach((v, i) => {
    const n = String(v.name ?? '');
    if (!n) errs.push({ type: 'Required', field: `${field}.volumes[${i}].name`, detail: '' });
    else if (volumeNames.has(n))
      errs.push({ type: 'Duplicate', field: `${field}.volumes[${i}].name`, value: goQuote(n) });
    volumeNames.add(n);
  });
  errs.push(...validateContainers(list(spec.containers), `${field}.containers`, volumeNames, true));
  errs.push(...validateContainers(list(spec.initContainers), `${field}.initContainers`, volumeNames, false));
  if (spec.restartPolicy !== undefined && !RESTART_POLICIES.includes(String(spec.restartPolicy))) {
    errs.push({
      type: 'NotSupported',
      field: `${field}.restartPolicy`,
      value: goQuote(String(spec.restartPolicy)),
      detail: 'supported values: "Always", "OnFailure", "Never"',
    });
  }
  if (spec.dnsPolicy !== undefined && !DNS_POLICIES.includes(String(spec.dnsPolicy))) {
    errs.push({
      type: 'NotSupported',
      field: `${field}.dnsPolicy`,
      value: goQuote(String(spec.dnsPolicy)),
      detail: 'supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    });
  }
  return errs;
}
