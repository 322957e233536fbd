import type { ConfigMap, Container, Pod, Secret } from '../objects/index.js';
import { getOwn, setOwn } from '../store/index.js';
import { parseQuantity } from './quantity.js';

/** Reads the ConfigMaps and Secrets a pod refers to (the kubelet's view of the API). */
export interface ObjectSource {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
}

/** The container cannot be configured yet (kubelet reason CreateContainerConfigError); retried on the next sync. */
export class ContainerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerConfigError';
  }
}

const decodeBase64 = (value: string): string =>
  new TextDecoder().decode(Uint8Array.from(atob(value), (c) => c.charCodeAt(0)));

function secretValues(secret: Secret): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(secret.data ?? {})) setOwn(out, k, decodeBase64(v));
  return { ...out, ...secret.stringData };
}

/**
 * The container's environment in Kubernetes order: `envFrom` sources first, then `env` entries (which win), with
 * `$(VAR)` references to earlier variables expanded and `$$(VAR)` kept literally, as the kubelet does.
 */
export async function resolveEnv(
  pod: Pod,
  container: Container,
  source: ObjectSource,
  podIP: string | undefined,
  hostIP: string,
): Promise<string[]> {
  const ns = pod.metadata.namespace ?? 'default';
  const env = new Map<string, string>();
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const cm = await source.configMap(ns, from.configMapRef.name);
      if (!cm && !from.configMapRef.optional)
        throw new ContainerConfigError(`configmap "${from.configMapRef.name}" not found`);
      for (const [k, v] of Object.entries(cm?.data ?? {})) env.set(prefix + k, v);
    }
    if (from.secretRef) {
      const secret = await source.secret(ns, from.secretRef.name);
      if (!secret && !from.secretRef.optional)
        throw new ContainerConfigError(`secret "${from.secretRef.name}" not found`);
      for (const [k, v] of Object.entries(secret ? secretValues(secret) : {})) env.set(prefix + k, v);
    }
  }
  for (const v of container.env ?? []) {
    const value = v.valueFrom ? await valueFrom(pod, container, v, source, podIP, hostIP) : expand(v.value ?? '', env);
    if (value !== undefined) env.set(v.name, value);
  }
  return [...env].map(([k, v]) => `${k}=${v}`);
}

async function valueFrom(
  pod: Pod,
  container: Container,
  v: NonNullable<Container['env']>[number],
  source: ObjectSource,
  podIP: string | undefined,
  hostIP: string,
): Promise<string | undefined> {
  const ns = pod.metadata.namespace ?? 'default';
  const from = v.valueFrom!;
  if (from.configMapKeyRef) {
    const { name, key, optional } = from.configMapKeyRef;
    const cm = await source.configMap(ns, name);
    if (!cm) return optional ? undefined : fail(`configmap "${name}" not found`);
    // Own keys only: a key named `constructor` must not find Object's member.
    const value = cm.data ? (getOwn(cm.data, key) as string | undefined) : undefined;
    return value !== undefined || optional ? value : fail(`couldn't find key ${key} in ConfigMap ${ns}/${name}`);
  }
  if (from.secretKeyRef) {
    const { name, key, optional } = from.secretKeyRef;
    const secret = await source.secret(ns, name);
    if (!secret) return optional ? undefined : fail(`secret "${name}" not found`);
    const value = getOwn(secretValues(secret), key) as string | undefined;
    return value !== undefined || optional ? value : fail(`couldn't find key ${key} in Secret ${ns}/${name}`);
  }
  if (from.fieldRef) return fieldRefValue(pod, from.fieldRef.fieldPath, podIP, hostIP);
  if (from.resourceFieldRef) {
    const { resource, divisor } = from.resourceFieldRef;
    const [kind, name] = resource.split('.') as ['limits' | 'requests', string];
    const raw = container.resources?.[kind]?.[name];
    if (raw === undefined) return fail(`resource ${resource} is not set on container ${container.name}`);
    return String(Math.ceil(parseQuantity(raw) / parseQuantity(divisor ?? '1')));
  }
  return undefined;
}

/** The downward API fields the kubelet supports for env vars. */
export function fieldRefValue(pod: Pod, path: string, podIP: string | undefined, hostIP: string): string {
  const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (label) return (label[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations)?.[label[2]!] ?? '';
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? 'default';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec.serviceAccountName ?? 'default';
    case 'status.podIP':
      return podIP ?? '';
    case 'status.hostIP':
      return hostIP;
    default:
      return fail(`unsupported fieldPath: ${path}`);
  }
}

/** Expand `$(NAME)` from `vars`; unknown references stay as written and `$$` escapes a dollar (Kubernetes rules). */
export function expand(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return vars.get(name!) ?? match;
  });
}

function fail(message: string): never {
  throw new ContainerConfigError(message);
}
