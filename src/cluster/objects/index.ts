/**
 * The shapes of Kubernetes objects, one definition for the whole cluster: the store keeps them, the API server serves
 * them, and the controllers, scheduler, kubelet and service proxy read and write them.
 */
export type {
  Condition,
  KubeObject,
  LabelSelector,
  LabelSelectorRequirement,
  ObjectMeta,
  ObjectReference,
  OwnerReference,
  WatchEvent,
} from './meta.js';
export type {
  Container,
  ContainerPort,
  ContainerState,
  ContainerStateRunning,
  ContainerStateTerminated,
  ContainerStateWaiting,
  ContainerStatus,
  EnvFromSource,
  EnvVar,
  KeyToPath,
  Pod,
  PodSpec,
  PodStatus,
  PodTemplateSpec,
  Probe,
  ResourceList,
  Toleration,
  Volume,
  VolumeMount,
} from './pod.js';
export type {
  ControllerRevision,
  DaemonSet,
  Deployment,
  DeploymentSpec,
  DeploymentStatus,
  ReplicaSet,
  ReplicaSetSpec,
  ReplicaSetStatus,
  RollingUpdateDeployment,
  StatefulSet,
} from './apps.js';
export type { CronJob, Job } from './batch.js';
export type { ConfigMap, Secret } from './config.js';
export type { JsonObject } from './json.js';
export type { Namespace } from './namespace.js';
export type { Node, NodeSpec, NodeStatus, Taint } from './node.js';
export type { EndpointAddress, EndpointPort, EndpointSubset, Endpoints, Service, ServicePort } from './service.js';
