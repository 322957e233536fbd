/** core/v1 ConfigMap and Secret: what the kubelet reads for environment variables and volumes. */
import type { KubeObject } from './meta.js';

export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

export interface Secret extends KubeObject {
  /** Base64-encoded values. */
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  type?: string;
}
