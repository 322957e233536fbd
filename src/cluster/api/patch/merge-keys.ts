/**
 * Which lists strategic merge patch merges, and by which key (the `patchStrategy:"merge" patchMergeKey:"..."` tags
 * of k8s.io/api types). Lists not listed here are replaced wholesale, as upstream does for untagged lists.
 * `ports` depends on where it is: container ports merge by containerPort, service ports by port.
 */
const BY_FIELD: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  ownerReferences: 'uid',
  conditions: 'type',
  topologySpreadConstraints: 'topologyKey',
  podIPs: 'ip',
  addresses: 'type',
  taints: 'key',
};

/** Primitive lists with `patchStrategy:"merge"` (union instead of replace). */
const PRIMITIVE_MERGE = new Set(['finalizers']);

export type ListStrategy = { kind: 'merge'; key: string } | { kind: 'primitive-merge' } | { kind: 'replace' };

/**
 * @param field the list's field name
 * @param path field names from the root to the list's parent (`['spec', 'template', 'spec']`)
 * @param rootKind the object's kind (Service ports merge by `port`)
 */
export function listStrategy(field: string, path: readonly string[], rootKind: string | undefined): ListStrategy {
  if (field === 'ports') {
    const parent = path[path.length - 1];
    if (parent === 'containers' || parent === 'initContainers' || parent === 'ephemeralContainers') {
      return { kind: 'merge', key: 'containerPort' };
    }
    if (rootKind === 'Service' && path.length === 1 && path[0] === 'spec') return { kind: 'merge', key: 'port' };
    return { kind: 'replace' };
  }
  if (field === 'addresses' && !(path.length === 1 && path[0] === 'status' && rootKind === 'Node'))
    return { kind: 'replace' };
  if (field === 'taints' && rootKind !== 'Node') return { kind: 'replace' };
  if (PRIMITIVE_MERGE.has(field)) return { kind: 'primitive-merge' };
  const key = BY_FIELD[field];
  return key ? { kind: 'merge', key } : { kind: 'replace' };
}
