/**
 * The metadata every Kubernetes object carries, and the small shapes many kinds share (label selectors, conditions,
 * references). Objects are plain JSON as clients sent them (plus what the server sets), so `ObjectMeta` and
 * `KubeObject` keep unknown fields: whoever writes an object back must not drop what it does not know about.
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  /** Optional as in the API: a create may send `generateName` instead. Every stored object has one. */
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
}

/** Any object of any kind: the store, the API server and the control loops handle every kind through this. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** A status condition of any kind (pods, deployments, jobs, ...): each kind sets the timestamps it has. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  /** Nodes: when the kubelet last reported the condition. */
  lastHeartbeatTime?: string;
  /** Pods write `null` here, as upstream's kubelet does (kubectl prints it). */
  lastProbeTime?: string | null;
}

/**
 * One change a watch delivers (metav1.WatchEvent; BOOKMARK events exist only on the API's watch stream, not in the
 * cluster's own watches).
 */
export interface WatchEvent<T = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: T;
}

/** A reference to an object: an Event's involved object, an endpoint's pod, a CronJob's running Jobs. */
export interface ObjectReference {
  kind: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}
