/**
 * Kubernetes checks naming an object (kind and name) that the lesson never creates: not in a YAML file of files/
 * or a `file=` block (every document, `kind: List` items too), not in YAML fed to `kubectl apply -f -` by a
 * here-document, and not made by a command of setup.sh or a solution (`kubectl create deployment|service|configmap|
 * secret|namespace|job|cronjob NAME`, `kubectl run NAME`, `kubectl expose KIND NAME [--name NAME]`). Namespaces are
 * not compared. Pods, Events, Nodes and ReplicaSets are made by the cluster under names no lesson can know, so checks
 * on them are left alone; an Endpoints object comes with its Service.
 */
import { parseAllDocuments } from 'yaml';
import type { LessonError } from '../lesson-error.js';
import type { CreatedObject } from './script-effects.js';
import type { Lint, LintContext } from './lint-context.js';

/** Which field of which check kind names an object, and the object's kind when the check implies it. */
const NAMED: Readonly<Record<string, { field: string; kind?: string }>> = {
  'kubernetes.exists': { field: 'name' },
  'kubernetes.field': { field: 'name' },
  'kubernetes.rollout-complete': { field: 'deployment', kind: 'Deployment' },
  'kubernetes.image-in-use': { field: 'deployment', kind: 'Deployment' },
  'kubernetes.service-selects-ready-pods': { field: 'service', kind: 'Service' },
};
const SKIPPED_KINDS = new Set(['Pod', 'Event', 'Node', 'ReplicaSet']);
/** What every cluster has before a lesson starts. */
const BUILT_IN = [
  'Namespace default',
  'Namespace kube-system',
  'Namespace kube-public',
  'Namespace kube-node-lease',
  'Service kubernetes',
  'Endpoints kubernetes',
  'ConfigMap kube-root-ca.crt',
];
const YAML_FILE = /\.(ya?ml|json)$/i;
const YAML_LANGS = new Set(['yaml', 'yml', 'json']);

export const kubernetesObjects: Lint = (lesson) => {
  const created = createdObjects(lesson);
  const names = new Set([...created.map((o) => `${o.kind} ${o.name}`), ...BUILT_IN]);
  for (const object of created) if (object.kind === 'Service') names.add(`Endpoints ${object.name}`);
  const listed = [...new Set(created.map((o) => `${o.kind} ${o.name}`))];
  const errors: LessonError[] = [];
  for (const step of lesson.outline.steps) {
    for (const check of step.checks) {
      const named = NAMED[String(check.fields['check'])];
      const name = named && check.fields[named.field];
      const kind = named?.kind ?? check.fields['kind'];
      if (name === undefined || typeof kind !== 'string' || SKIPPED_KINDS.has(kind)) continue;
      if (names.has(`${kind} ${String(name)}`)) continue;
      errors.push({
        file: lesson.source,
        ...check.at(named.field),
        message: `check "${String(check.fields['id'])}" looks for ${kind} ${String(name)}, but no file or command of this lesson creates it (${listed.length ? `it creates: ${listed.join(', ')}` : 'it creates no Kubernetes objects'})`,
      });
    }
  }
  return errors;
};

/** Every object the lesson's YAML and commands create, in the order met (files/, file= blocks, scripts). */
export function createdObjects(lesson: LintContext): CreatedObject[] {
  const objects: CreatedObject[] = [];
  for (const [path, text] of Object.entries(lesson.workspace).sort()) {
    if (YAML_FILE.test(path)) objects.push(...manifestObjects(text));
  }
  for (const step of lesson.outline.steps) {
    for (const block of step.fileBlocks) {
      if (YAML_FILE.test(block.path) || YAML_LANGS.has(block.lang)) objects.push(...manifestObjects(block.content));
    }
  }
  for (const script of lesson.scripts) {
    for (const { effects } of script.commands) {
      objects.push(...effects.objects);
      for (const manifest of effects.manifests) objects.push(...manifestObjects(manifest.text));
    }
  }
  return objects;
}

/** The objects of a (multi-document) manifest; what does not parse, or is not an object, is skipped. */
export function manifestObjects(text: string): CreatedObject[] {
  const objects: CreatedObject[] = [];
  const visit = (value: unknown) => {
    if (typeof value !== 'object' || value === null) return;
    const { kind, metadata, items } = value as { kind?: unknown; metadata?: { name?: unknown }; items?: unknown };
    if (kind === 'List' && Array.isArray(items)) items.forEach(visit);
    else if (typeof kind === 'string' && typeof metadata?.name === 'string')
      objects.push({ kind, name: metadata.name });
  };
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length === 0) visit(doc.toJS());
  }
  return objects;
}
