/** core/v1 Node: what the kubelet registers and reports, and what the scheduler and the DaemonSet controller read. */
import type { Condition, KubeObject } from './meta.js';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface NodeSpec {
  podCIDR?: string;
  podCIDRs?: string[];
  unschedulable?: boolean;
  taints?: Taint[];
  [key: string]: unknown;
}

export interface NodeStatus {
  capacity?: Record<string, string>;
  /** What pods may use; `pods` is the scheduler's pod count limit (the kubelet reports 110). */
  allocatable?: Record<string, string>;
  conditions?: Condition[];
  addresses?: { type: string; address: string }[];
  daemonEndpoints?: { kubeletEndpoint: { Port: number } };
  nodeInfo?: Record<string, string>;
  images?: { names: string[]; sizeBytes: number }[];
  [key: string]: unknown;
}

export interface Node extends KubeObject {
  spec?: NodeSpec;
  status?: NodeStatus;
}
