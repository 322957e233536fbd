import type { GuestLink } from '../../protocol/guest-link.js';
import type { ObjectSource } from './env.js';
import type { Container, KeyToPath, Pod, Volume } from '../objects/index.js';

/** Where a pod's volumes live in the guest: the same layout as a real kubelet's, so learners can look around. */
export const podDir = (uid: string): string => `/var/lib/kubelet/pods/${uid}`;

/** A volume could not be set up (event FailedMount; the container waits in ContainerCreating and it is retried). */
export class VolumeMountError extends Error {
  constructor(
    readonly volume: string,
    reason: string,
  ) {
    super(`MountVolume.SetUp failed for volume "${volume}" : ${reason}`);
    this.name = 'VolumeMountError';
  }
}

const fromBase64 = (value: string): Uint8Array => Uint8Array.from(atob(value), (c) => c.charCodeAt(0));

/**
 * Materialise the pod's volumes in the guest and return each volume's guest path. ConfigMap and Secret keys become
 * files written through the guest link (no process started); emptyDir and hostPath directories are created by
 * Docker itself when it bind-mounts a missing path, which saves a `mkdir` exec per pod.
 */
export async function prepareVolumes(
  pod: Pod,
  guest: Pick<GuestLink, 'writeFile'>,
  source: ObjectSource,
): Promise<Map<string, string>> {
  const ns = pod.metadata.namespace ?? 'default';
  const base = `${podDir(pod.metadata.uid ?? pod.metadata.name ?? '')}/volumes`;
  const paths = new Map<string, string>();
  for (const volume of pod.spec.volumes ?? []) {
    const files = await volumeFiles(volume, ns, source);
    if (files === 'hostPath') {
      paths.set(volume.name, volume.hostPath!.path);
      continue;
    }
    const kind = volume.configMap ? 'configmap' : volume.secret ? 'secret' : 'empty-dir';
    const dir = `${base}/kubernetes.io~${kind}/${volume.name}`;
    paths.set(volume.name, dir);
    for (const [path, data, mode] of files) await guest.writeFile(`${dir}/${path}`, data, { mode });
  }
  return paths;
}

type FileList = [path: string, data: Uint8Array | string, mode: number][];

async function volumeFiles(volume: Volume, ns: string, source: ObjectSource): Promise<FileList | 'hostPath'> {
  if (volume.hostPath) return 'hostPath';
  if (volume.configMap) {
    const { name, items, optional, defaultMode } = volume.configMap;
    const cm = await source.configMap(ns, name);
    if (!cm) {
      if (optional) return [];
      throw new VolumeMountError(volume.name, `configmap "${name}" not found`);
    }
    const values: Record<string, Uint8Array | string> = { ...cm.data };
    for (const [k, v] of Object.entries(cm.binaryData ?? {})) values[k] = fromBase64(v);
    return project(volume.name, values, items, defaultMode ?? 0o644, 'ConfigMap');
  }
  if (volume.secret) {
    const { secretName, items, optional, defaultMode } = volume.secret;
    const secret = await source.secret(ns, secretName);
    if (!secret) {
      if (optional) return [];
      throw new VolumeMountError(volume.name, `secret "${secretName}" not found`);
    }
    const values: Record<string, Uint8Array | string> = { ...secret.stringData };
    for (const [k, v] of Object.entries(secret.data ?? {})) values[k] = fromBase64(v);
    return project(volume.name, values, items, defaultMode ?? 0o644, 'Secret');
  }
  if (volume.emptyDir) return [];
  const kind = Object.keys(volume).find((k) => k !== 'name') ?? 'unknown';
  throw new VolumeMountError(volume.name, `volume type "${kind}" is not supported in Wharf`);
}

function project(
  volume: string,
  values: Record<string, Uint8Array | string>,
  items: KeyToPath[] | undefined,
  mode: number,
  kind: string,
): FileList {
  if (!items) return Object.entries(values).map(([k, v]) => [k, v, mode]);
  return items.map((item) => {
    const value = values[item.key];
    if (value === undefined) {
      throw new VolumeMountError(volume, `configuration error: key "${item.key}" not found in ${kind}`);
    }
    if (item.path.split('/').includes('..') || item.path.startsWith('/')) {
      throw new VolumeMountError(volume, `invalid path "${item.path}"`);
    }
    return [item.path, value, item.mode ?? mode];
  });
}

/** Docker `Binds` for a container's volumeMounts. */
export function volumeBinds(pod: Pod, container: Container, paths: ReadonlyMap<string, string>): string[] {
  return (container.volumeMounts ?? []).map((mount) => {
    const host = paths.get(mount.name);
    if (host === undefined) {
      throw new VolumeMountError(mount.name, `volume "${mount.name}" is not defined in pod "${pod.metadata.name}"`);
    }
    const source = mount.subPath ? `${host}/${mount.subPath}` : host;
    const volume = pod.spec.volumes?.find((v) => v.name === mount.name);
    // ConfigMaps and Secrets are read-only in Kubernetes whatever the mount says.
    const ro = mount.readOnly || volume?.configMap || volume?.secret;
    return `${source}:${mount.mountPath}${ro ? ':ro' : ''}`;
  });
}
