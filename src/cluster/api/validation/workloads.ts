/** Validation of apps/batch workloads: selector vs template labels, immutable selectors, replicas, strategies. */
import type { StoredObject } from '../../store/index.js';
import type { JsonObject, KubeObject } from '../../objects/index.js';
import { labelSelectorRequirements, matchLabels } from '../../store/index.js';
import type { FieldError } from '../errors.js';
import { goLabelSelector, goStringMap, type SelectorLike } from '../go-format.js';
import { validateLabels } from './metadata.js';
import { validatePodSpec } from './pod.js';
import { replicaCountErrors } from './replica-count.js';

const obj = (v: unknown): JsonObject | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;

function nonNegative(value: unknown, field: string): FieldError[] {
  if (value === undefined) return [];
  if (typeof value !== 'number' || value < 0) {
    return [{ type: 'Invalid', field, value: String(value), detail: 'must be greater than or equal to 0' }];
  }
  return [];
}

/** ValidatePodTemplateSpecForReplicaSet-style checks shared by Deployment, ReplicaSet, DaemonSet, StatefulSet, Job. */
export function validateSelectorAndTemplate(
  spec: JsonObject,
  kindWord: string,
  requireSelector = true,
  templateField = 'spec.template',
): FieldError[] {
  const errs: FieldError[] = [];
  const selector = obj(spec.selector) as SelectorLike | undefined;
  const template = obj(spec.template);
  if (!selector) {
    if (requireSelector) errs.push({ type: 'Required', field: 'spec.selector', detail: '' });
    // A nil selector selects nothing (labels.Nothing()), so upstream also reports the template labels.
    if (template) {
      errs.push({
        type: 'Invalid',
        field: `${templateField}.metadata.labels`,
        value: goStringMap(obj(obj(template.metadata)?.labels) as Record<string, string> | undefined),
        detail: '`selector` does not match template `labels`',
      });
    }
  } else {
    const reqs = (() => {
      try {
        return labelSelectorRequirements(selector);
      } catch {
        return undefined;
      }
    })();
    if (reqs && reqs.length === 0) {
      errs.push({
        type: 'Invalid',
        field: 'spec.selector',
        value: goLabelSelector(selector),
        detail: `empty selector is invalid for ${kindWord}`,
      });
    }
    const labels = obj(obj(template?.metadata)?.labels) as Record<string, string> | undefined;
    if (reqs && reqs.length && template && !matchLabels(reqs, labels)) {
      errs.push({
        type: 'Invalid',
        field: `${templateField}.metadata.labels`,
        value: goStringMap(labels),
        detail: '`selector` does not match template `labels`',
      });
    }
  }
  if (!template) {
    errs.push({ type: 'Required', field: templateField, detail: '' });
    return errs;
  }
  errs.push(...validateLabels(obj(obj(template.metadata)?.labels), `${templateField}.metadata.labels`));
  errs.push(...validatePodSpec(obj(template.spec), `${templateField}.spec`));
  return errs;
}

function immutableSelector(obj2: KubeObject, old: StoredObject | undefined): FieldError[] {
  if (!old) return [];
  const a = JSON.stringify((obj2.spec as JsonObject | undefined)?.selector ?? null);
  const b = JSON.stringify((old.spec as JsonObject | undefined)?.selector ?? null);
  if (a === b) return [];
  return [
    {
      type: 'Invalid',
      field: 'spec.selector',
      value: goLabelSelector((obj2.spec as JsonObject | undefined)?.selector as SelectorLike | undefined),
      detail: 'field is immutable',
    },
  ];
}

export function validateDeployment(d: KubeObject, old?: StoredObject): FieldError[] {
  const spec = obj(d.spec) ?? {};
  const errs = [
    ...replicaCountErrors(spec.replicas, 'spec.replicas'),
    ...validateSelectorAndTemplate(spec, 'deployment'),
  ];
  const template = obj(spec.template);
  const restart = obj(template?.spec)?.restartPolicy;
  if (restart !== undefined && restart !== 'Always') {
    errs.push({
      type: 'NotSupported',
      field: 'spec.template.spec.restartPolicy',
      value: JSON.stringify(restart),
      detail: 'supported values: "Always"',
    });
  }
  const strategy = obj(spec.strategy);
  if (strategy?.type === 'Recreate' && strategy.rollingUpdate !== undefined) {
    errs.push({
      type: 'Forbidden',
      field: 'spec.strategy.rollingUpdate',
      detail: "may not be specified when strategy `type` is 'Recreate'",
    });
  }
  const ru = obj(strategy?.rollingUpdate);
  if (ru && isZero(ru.maxSurge) && isZero(ru.maxUnavailable)) {
    errs.push({
      type: 'Invalid',
      field: 'spec.strategy.rollingUpdate.maxUnavailable',
      value: ru.maxUnavailable === undefined ? '0' : JSON.stringify(ru.maxUnavailable),
      detail: 'may not be 0 when `maxSurge` is 0',
    });
  }
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  errs.push(...immutableSelector(d, old));
  return errs;
}

function isZero(v: unknown): boolean {
  return v === 0 || v === '0%' || v === '0';
}

export function validateReplicaSet(rs: KubeObject, old?: StoredObject): FieldError[] {
  const spec = obj(rs.spec) ?? {};
  return [
    ...replicaCountErrors(spec.replicas, 'spec.replicas'),
    ...validateSelectorAndTemplate(spec, 'deployment'),
    ...immutableSelector(rs, old),
  ];
}

export function validateDaemonSet(ds: KubeObject, old?: StoredObject): FieldError[] {
  const spec = obj(ds.spec) ?? {};
  return [...validateSelectorAndTemplate(spec, 'daemonset'), ...immutableSelector(ds, old)];
}

export function validateStatefulSet(ss: KubeObject, old?: StoredObject): FieldError[] {
  const spec = obj(ss.spec) ?? {};
  const errs = [
    ...replicaCountErrors(spec.replicas, 'spec.replicas'),
    ...validateSelectorAndTemplate(spec, 'statefulset'),
  ];
  if (old) {
    // Only replicas, template, updateStrategy (and a few more) may change.
    const strip = (s: JsonObject): string =>
      JSON.stringify({
        ...s,
        replicas: undefined,
        template: undefined,
        updateStrategy: undefined,
        persistentVolumeClaimRetentionPolicy: undefined,
      });
    if (strip(spec) !== strip(obj(old.spec) ?? {})) {
      errs.push({
        type: 'Forbidden',
        field: 'spec',
        detail:
          "updates to statefulset spec for fields other than 'replicas', 'template', and 'updateStrategy' are forbidden",
      });
    }
  }
  return errs;
}

export function validateJob(job: KubeObject, old?: StoredObject): FieldError[] {
  const spec = obj(job.spec) ?? {};
  const errs = [
    ...replicaCountErrors(spec.parallelism, 'spec.parallelism'),
    ...nonNegative(spec.completions, 'spec.completions'),
    ...nonNegative(spec.backoffLimit, 'spec.backoffLimit'),
    ...validateSelectorAndTemplate(spec, 'job'),
  ];
  const restart = obj(obj(spec.template)?.spec)?.restartPolicy;
  if (restart !== 'OnFailure' && restart !== 'Never') {
    errs.push(
      restart === undefined || restart === 'Always'
        ? {
            type: 'NotSupported',
            field: 'spec.template.spec.restartPolicy',
            value: JSON.stringify(restart ?? 'Always'),
            detail: 'supported values: "OnFailure", "Never"',
          }
        : { type: 'Required', field: 'spec.template.spec.restartPolicy', detail: '' },
    );
  }
  errs.push(...immutableSelector(job, old));
  if (old && JSON.stringify(spec.template) !== JSON.stringify((obj(old.spec) ?? {}).template)) {
    errs.push({ type: 'Invalid', field: 'spec.template', value: '', detail: 'field is immutable' });
  }
  return errs;
}

export function validateCronJob(cj: KubeObject): FieldError[] {
  const spec = obj(cj.spec) ?? {};
  const errs: FieldError[] = [];
  if (typeof spec.schedule !== 'string' || spec.schedule === '') {
    errs.push({ type: 'Required', field: 'spec.schedule', detail: '' });
  } else if (
    !/^(@(yearly|annually|monthly|weekly|daily|midnight|hourly|every \S+)|(\S+\s+){4}\S+)$/.test(spec.schedule.trim())
  ) {
    errs.push({
      type: 'Invalid',
      field: 'spec.schedule',
      value: JSON.stringify(spec.schedule),
      detail: `Expected exactly 5 fields, found ${spec.schedule.trim().split(/\s+/).length}: ${spec.schedule}`,
    });
  }
  const jspec = obj(obj(spec.jobTemplate)?.spec) ?? {};
  const template = obj(jspec.template);
  if (!template) errs.push({ type: 'Required', field: 'spec.jobTemplate.spec.template', detail: '' });
  else {
    errs.push(...validatePodSpec(obj(template.spec), 'spec.jobTemplate.spec.template.spec'));
    const restart = obj(template.spec)?.restartPolicy;
    if (restart !== 'OnFailure' && restart !== 'Never') {
      errs.push({
        type: 'NotSupported',
        field: 'spec.jobTemplate.spec.template.spec.restartPolicy',
        value: JSON.stringify(restart ?? 'Always'),
        detail: 'supported values: "OnFailure", "Never"',
      });
    }
  }
  return errs;
}
