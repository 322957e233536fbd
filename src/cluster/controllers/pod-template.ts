import type { ControllerContext } from '../machinery/controller-context.js';
import { generateName } from '../objects/generated-names.js';
import { isReason } from '../machinery/store-port.js';
import type { OwnerReference, Pod, PodTemplateSpec } from '../objects/index.js';

/**
 * A Pod built from a controller's template (upstream GetPodFromTemplate): template labels, annotations and finalizers,
 * the controller's ownerReference, and a name from `generateName` (`<owner>-xxxxx`) unless one is given.
 */
export function podFromTemplate(
  template: PodTemplateSpec,
  namespace: string,
  owner: OwnerReference,
  name: string,
): Pod {
  const meta = template.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: name ? undefined : `${owner.name}-`,
      namespace,
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [owner],
    },
    spec: structuredClone(template.spec ?? { containers: [] }),
    status: { phase: 'Pending' },
  };
  if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers) pod.metadata.finalizers = [...meta.finalizers];
  if (!pod.metadata.generateName) delete pod.metadata.generateName;
  return pod;
}

/**
 * Create a pod named `<prefix>xxxxx`, generating the suffix here (so the name is known before the watch event) and
 * trying again with a new suffix on the rare clash, as the API server's generateName does.
 */
export async function createGeneratedPod(ctx: ControllerContext, pod: Pod, prefix: string): Promise<Pod> {
  for (let attempt = 0; ; attempt++) {
    const candidate = {
      ...pod,
      metadata: { ...pod.metadata, name: generateName(prefix, ctx.random), generateName: prefix },
    };
    try {
      return (await ctx.store.create('pods', candidate)) as Pod;
    } catch (error) {
      if (attempt < 5 && isReason(error, 'AlreadyExists')) continue;
      throw error;
    }
  }
}
