/**
 * Every kind of check a lesson may declare, as schema data: the fields each kind takes, what they mean, and which
 * are optional. The validator, the TypeScript types (`CheckSpec`) and the docs' table all come from this one list;
 * evaluation lives in src/lessons/checks/.
 */
import { integer, list, object, oneOfText, optional, required, scalar, text, type Infer } from './schema-dsl.js';

/** Kubernetes kinds a check may read, as written in manifests. */
export const KUBERNETES_KINDS = [
  'Pod',
  'Deployment',
  'ReplicaSet',
  'Service',
  'Endpoints',
  'Namespace',
  'ConfigMap',
  'Secret',
  'Event',
  'Node',
  'Job',
  'CronJob',
  'StatefulSet',
  'DaemonSet',
] as const;
export type KubernetesKind = (typeof KUBERNETES_KINDS)[number];

export const CHECK_ID_PATTERN = {
  regex: /^[a-z0-9][a-z0-9-]*$/,
  means: 'lowercase letters, digits and dashes (such as pods-ready)',
};

const common = {
  id: required(text('a name for the check, unique in the lesson (such as pods-ready)', { pattern: CHECK_ID_PATTERN })),
  check: required(text('what the check looks at (such as kubernetes.ready-pods)')),
  title: optional(text('what the learner sees in the step’s checklist (such as "Three nginx pods are ready")')),
};

const kubeKind = required(oneOfText('a Kubernetes kind (such as Deployment)', KUBERNETES_KINDS));
const objectName = required(text('the object’s name (such as nginx-deployment)'));
const namespace = optional(text('the namespace (default: default)'));
const selector = text('a label selector such as app=nginx');
const path = (example: string) => text(`a field path such as ${example}`);
const count = (what: string) => ({
  atLeast: optional(integer(`the fewest ${what} that pass`, { min: 0 })),
  exactly: optional(integer(`the exact number of ${what}`, { min: 0 })),
  atMost: optional(integer(`the most ${what} that pass`, { min: 0 })),
});
const countGroups = { oneOf: [['atLeast', 'exactly', 'atMost']] as const };

export const CHECK_KINDS = {
  'kubernetes.exists': object('a Kubernetes object exists', { ...common, kind: kubeKind, name: objectName, namespace }),
  'kubernetes.field': object(
    'a field of a Kubernetes object has a value',
    {
      ...common,
      kind: kubeKind,
      name: objectName,
      namespace,
      path: required(path('spec.replicas or spec.template.spec.containers[0].image')),
      equals: optional(scalar('the value the field must have')),
      atLeast: optional(integer('the smallest number the field may hold')),
      atMost: optional(integer('the largest number the field may hold')),
      contains: optional(text('text the field must contain')),
    },
    { oneOf: [['equals', 'atLeast', 'atMost', 'contains']] },
  ),
  'kubernetes.count': object(
    'how many objects of a kind match a label selector and field values',
    {
      ...common,
      kind: kubeKind,
      namespace,
      selector: optional(selector),
      where: optional(
        list(
          'field values every counted object has',
          object('a field and its value', {
            path: required(path('reason or involvedObject.kind')),
            equals: required(scalar('the value the field must have')),
          }),
        ),
      ),
      ...count('objects'),
    },
    countGroups,
  ),
  'kubernetes.ready-pods': object(
    'how many pods matching a selector are Ready',
    { ...common, selector: required(selector), namespace, ...count('ready pods') },
    countGroups,
  ),
  'kubernetes.service-selects-ready-pods': object('a Service’s selector picks Ready pods', {
    ...common,
    service: required(text('the Service’s name (such as nginx-service)')),
    namespace,
    atLeast: optional(integer('the fewest ready pods it must select (default 1)', { min: 1 })),
  }),
  'kubernetes.rollout-complete': object('a Deployment’s rollout finished', {
    ...common,
    deployment: required(text('the Deployment’s name (such as nginx-deployment)')),
    namespace,
  }),
  'kubernetes.image-in-use': object(
    'a Deployment’s pods, or the pods matching a selector, run an image',
    {
      ...common,
      image: required(text('an image such as nginx or wharf/hello:2.0')),
      deployment: optional(text('the Deployment’s name')),
      selector: optional(selector),
      namespace,
    },
    { oneOf: [['deployment', 'selector']] },
  ),
  'docker.container': object(
    'a Docker container exists in a state',
    {
      ...common,
      name: optional(text('the container’s name (such as web)')),
      image: optional(text('the image it runs (such as nginx)')),
      state: optional(
        oneOfText('the state it must be in (default running)', ['running', 'exited', 'created', 'absent'] as const),
      ),
    },
    { anyOf: [['name', 'image']] },
  ),
  'docker.port-published': object('a container publishes a port on the guest', {
    ...common,
    hostPort: required(integer('the guest port (such as 8080)', { min: 1, max: 65535 })),
    containerPort: optional(integer('the container’s port it leads to (such as 80)', { min: 1, max: 65535 })),
    name: optional(text('the container’s name')),
  }),
  'docker.image-exists': object('a Docker image with a tag exists', {
    ...common,
    image: required(text('an image such as nginx or my-app:1.0 (no tag means latest)')),
  }),
  'docker.volume-exists': object('a Docker volume exists', { ...common, name: required(text('the volume’s name')) }),
  'docker.network-exists': object('a Docker network exists', { ...common, name: required(text('the network’s name')) }),
  'docker.restart-count': object(
    'how often Docker restarted a container',
    {
      ...common,
      name: required(text('the container’s name')),
      atLeast: optional(integer('the fewest restarts', { min: 0 })),
      atMost: optional(integer('the most restarts', { min: 0 })),
    },
    { oneOf: [['atLeast', 'atMost']] },
  ),
  'file.exists': object('a workspace file exists', {
    ...common,
    path: required(text('a path in the workspace (such as nginx-deployment.yaml)')),
  }),
  'file.contains': object('a workspace file contains some text', {
    ...common,
    path: required(text('a path in the workspace')),
    text: required(text('the text it must contain')),
  }),
  'file.yaml-field': object('a workspace YAML file parses and has a field value', {
    ...common,
    path: required(text('a path in the workspace (such as nginx-deployment.yaml)')),
    field: required(path('spec.replicas')),
    equals: required(scalar('the value the field must have')),
  }),
  'file.dockerfile-instruction': object('a Dockerfile has an instruction', {
    ...common,
    path: optional(text('the Dockerfile’s path in the workspace (default Dockerfile)')),
    instruction: required(
      oneOfText('a Dockerfile instruction', [
        'FROM',
        'RUN',
        'CMD',
        'COPY',
        'ADD',
        'WORKDIR',
        'EXPOSE',
        'ENV',
        'ENTRYPOINT',
        'USER',
        'VOLUME',
        'ARG',
        'LABEL',
        'HEALTHCHECK',
      ] as const),
    ),
    contains: optional(text('text its arguments must contain (such as python:3.11-slim)')),
  }),
  'http.get': object(
    'a web server in the guest answers',
    {
      ...common,
      port: optional(integer('a guest port (such as 8080)', { min: 1, max: 65535 })),
      nodePortOf: optional(text('a Service whose node port to ask (such as nginx-service)')),
      service: optional(text('a Service whose cluster IP and first port to ask')),
      namespace,
      path: optional(text('the request path (default /)')),
      status: optional(integer('the status it must answer with (default 200)', { min: 100, max: 599 })),
      bodyContains: optional(text('text the answer’s body must contain')),
    },
    { oneOf: [['port', 'nodePortOf', 'service']] },
  ),
  command: object('a shell command in the guest succeeds (the escape hatch: prefer a declarative kind)', {
    ...common,
    run: required(text('the shell command (sh -c) to run in the workspace')),
    exitCode: optional(integer('the exit code it must end with (default 0)', { min: 0, max: 255 })),
    outputContains: optional(text('text its output must contain')),
    timeoutSeconds: optional(integer('how long it may take (default 30)', { min: 1, max: 300 })),
  }),
  quiz: object('the step’s quiz was answered right (added for each ### Quiz; rarely written by hand)', {
    ...common,
    quiz: required(text('the quiz’s id')),
  }),
} as const;

export type CheckKindName = keyof typeof CHECK_KINDS;
export const CHECK_KIND_NAMES = Object.keys(CHECK_KINDS) as CheckKindName[];

/** A validated check of one kind. */
export type CheckOf<K extends CheckKindName> = Omit<Infer<(typeof CHECK_KINDS)[K]>, 'check'> & { check: K };

/** Any validated check, discriminated by `check` (its kind's name; `kind` is the Kubernetes kind where there is one). */
export type CheckSpec = { [K in CheckKindName]: CheckOf<K> }[CheckKindName];
