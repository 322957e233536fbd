/**
 * A compact JSON schema for the Kubernetes objects a learner writes first (Pod, Deployment, Service, ...), for
 * completion, hover docs and validation in YAML files, offline. Descriptions follow the Kubernetes API reference
 * in short. It covers the common fields and leaves the rest open (additionalProperties), so a valid manifest that
 * uses a rarer field is never flagged. The full generated OpenAPI schema can replace it without other changes.
 */
type Schema = Record<string, unknown>;

const str = (description: string): Schema => ({ type: 'string', description });
const int = (description: string): Schema => ({ type: 'integer', description });
const labels = (description: string): Schema => ({
  type: 'object',
  additionalProperties: { type: 'string' },
  description,
});

const metadata: Schema = {
  type: 'object',
  description: 'Standard object metadata: name, namespace, labels and annotations.',
  properties: {
    name: str('Name of the object, unique within its namespace and kind (lower case, digits, "-", ".").'),
    namespace: str('Namespace the object lives in. Defaults to the namespace of the kubectl context ("default").'),
    labels: labels('Key/value pairs used to select objects (selectors of Services, Deployments, kubectl -l).'),
    annotations: labels('Non-identifying metadata for tools and people.'),
    generateName: str('Prefix for a server-generated name, used when name is empty.'),
  },
};

const containerPort: Schema = {
  type: 'object',
  required: ['containerPort'],
  properties: {
    containerPort: int('Port the container listens on (informational; the app decides).'),
    name: str('Name of the port, referable from a Service targetPort.'),
    protocol: { enum: ['TCP', 'UDP', 'SCTP'], description: 'Protocol. Defaults to TCP.' },
    hostPort: int('Port on the node to expose (rarely needed; prefer a Service).'),
  },
};

const container: Schema = {
  type: 'object',
  required: ['name'],
  description: 'One container of the pod.',
  properties: {
    name: str('Name of the container, unique within the pod (DNS label).'),
    image: str('Container image to run, e.g. nginx:1.25 or busybox.'),
    imagePullPolicy: { enum: ['Always', 'IfNotPresent', 'Never'], description: 'When to pull the image.' },
    command: {
      type: 'array',
      items: { type: 'string' },
      description: "Entrypoint array (replaces the image's ENTRYPOINT).",
    },
    args: {
      type: 'array',
      items: { type: 'string' },
      description: "Arguments to the entrypoint (replace the image's CMD).",
    },
    workingDir: str('Working directory of the process.'),
    ports: { type: 'array', items: containerPort, description: 'Ports the container exposes.' },
    env: {
      type: 'array',
      description: 'Environment variables.',
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: str('Variable name.'), value: str('Variable value.'), valueFrom: { type: 'object' } },
      },
    },
    resources: {
      type: 'object',
      description: 'Compute resources: requests (scheduling) and limits (enforced).',
      properties: { requests: labels('e.g. cpu: 100m, memory: 64Mi'), limits: labels('e.g. cpu: 500m, memory: 128Mi') },
    },
    volumeMounts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'mountPath'],
        properties: {
          name: str('Name of a volume of the pod.'),
          mountPath: str('Path in the container.'),
          readOnly: { type: 'boolean' },
        },
      },
    },
    readinessProbe: { type: 'object', description: 'When the container is ready for traffic.' },
    livenessProbe: { type: 'object', description: 'When the container must be restarted.' },
  },
};

const podSpec: Schema = {
  type: 'object',
  required: ['containers'],
  description: 'What the pod runs.',
  properties: {
    containers: { type: 'array', minItems: 1, items: container, description: 'Containers of the pod (at least one).' },
    initContainers: { type: 'array', items: container, description: 'Containers run to completion before the others.' },
    restartPolicy: {
      enum: ['Always', 'OnFailure', 'Never'],
      description: 'Restart policy of all containers. Default Always.',
    },
    nodeName: str('Run on this node, bypassing the scheduler.'),
    nodeSelector: labels('Node labels the pod must match.'),
    volumes: {
      type: 'array',
      items: { type: 'object', required: ['name'], properties: { name: str('Volume name.') } },
    },
    serviceAccountName: str('Service account the pod runs as.'),
    terminationGracePeriodSeconds: int('Seconds between SIGTERM and SIGKILL on deletion. Default 30.'),
  },
};

const selector: Schema = {
  type: 'object',
  description: 'Label selector: which pods belong to this object. Must match the pod template labels.',
  properties: { matchLabels: labels('Labels the pods must have.'), matchExpressions: { type: 'array' } },
};

const template: Schema = {
  type: 'object',
  description: 'Pod template: the pods this controller creates.',
  properties: { metadata, spec: podSpec },
};

const specs: Record<string, Schema> = {
  Pod: podSpec,
  Deployment: {
    type: 'object',
    required: ['selector', 'template'],
    properties: {
      replicas: int('Desired number of pods. Default 1.'),
      selector,
      template,
      strategy: {
        type: 'object',
        properties: {
          type: { enum: ['RollingUpdate', 'Recreate'], description: 'How pods are replaced on an update.' },
        },
      },
      revisionHistoryLimit: int('Old ReplicaSets kept for rollback. Default 10.'),
      minReadySeconds: int('Seconds a new pod must be ready before it counts as available.'),
    },
  },
  ReplicaSet: {
    type: 'object',
    required: ['selector', 'template'],
    properties: { replicas: int('Desired number of pods.'), selector, template },
  },
  Job: {
    type: 'object',
    required: ['template'],
    properties: {
      template,
      completions: int('Pods that must succeed.'),
      parallelism: int('Pods run at once.'),
      backoffLimit: int('Retries before failing. Default 6.'),
    },
  },
  Service: {
    type: 'object',
    properties: {
      type: {
        enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
        description: 'How the Service is exposed. Default ClusterIP.',
      },
      selector: labels('Pods with these labels receive the traffic.'),
      ports: {
        type: 'array',
        items: {
          type: 'object',
          required: ['port'],
          properties: {
            port: int('Port of the Service.'),
            targetPort: {
              type: ['integer', 'string'],
              description: 'Port (or port name) on the pods. Defaults to port.',
            },
            nodePort: int('Port on every node (NodePort/LoadBalancer), 30000-32767; picked when empty.'),
            protocol: { enum: ['TCP', 'UDP', 'SCTP'] },
            name: str('Name of the port (required when there are several).'),
          },
        },
      },
      clusterIP: str('Virtual IP of the Service; "None" makes a headless Service.'),
    },
  },
};

const kinds: Record<string, string> = {
  Pod: 'v1',
  Service: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Namespace: 'v1',
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  Ingress: 'networking.k8s.io/v1',
};

export const kubernetesSchema: Schema = {
  type: 'object',
  required: ['apiVersion', 'kind'],
  properties: {
    apiVersion: {
      enum: [...new Set(Object.values(kinds))],
      description: 'API group and version of the object (e.g. apps/v1).',
    },
    kind: { enum: Object.keys(kinds), description: 'Kind of object, e.g. Pod, Deployment, Service.' },
    metadata,
    spec: { type: 'object', description: 'Desired state of the object.' },
    data: labels('ConfigMap/Secret data: key/value pairs (base64 for a Secret).'),
    stringData: labels('Secret data as plain strings.'),
  },
  allOf: Object.entries(specs).map(([kind, spec]) => ({
    if: { properties: { kind: { const: kind } }, required: ['kind'] },
    then: { properties: { apiVersion: { const: kinds[kind] }, spec } },
  })),
};
