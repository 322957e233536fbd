/** core/v1 Namespace: what the namespace controller reads and writes. */
import type { KubeObject } from './meta.js';

export interface Namespace extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string };
}
