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

/** A pod's volumes as set up in the guest. */
export interface PodVolumes {
  /** Each volume's guest path (what containers bind-mount). */
  paths: Map<string, string>;
  /** Each ConfigMap and Secret file written, by guest path: what was written there (content and mode). */
  written: Map<string, string>;
}

/**
 * Materialise the pod's volumes in the guest. ConfigMap and Secret keys become files written through the guest link
 * (no process started); emptyDir and hostPath directories are created by Docker itself when it bind-mounts a missing
 * path, which saves a `mkdir` exec per pod.
 */
export async function prepareVolumes(
  pod: Pod,
  guest: Pick<GuestLink, 'writeFile'>,
  source: ObjectSource,
): Promise<PodVolumes> {
  const ns = pod.metadata.namespace ?? 'default';
  const paths = new Map<string, string>();
  const written = new Map<string, string>();
  for (const volume of pod.spec.volumes ?? []) {
    const files = await volumeFiles(volume, ns, source);
    if (files === 'hostPath') {
      paths.set(volume.name, volume.hostPath!.path);
      continue;
    }
    const dir = volumeDir(pod, volume);
    paths.set(volume.name, dir);
    await writeChanged(dir, files, written, guest);
  }
  return { paths, written };
}

/**
 * Bring a running pod's ConfigMap and Secret files up to date with their objects, as the kubelet's periodic sync
 * does on a real node (there within a minute or so): changed and new keys are written, removed ones deleted (one
 * `rm` in the guest, only then). Containers see the change through their bind-mounted directory; environment
 * variables, read once at start, do not change. A ConfigMap or Secret that is gone or no longer fits leaves the
 * files as they were. Resolves with the number of files changed.
 */
export async function refreshVolumes(
  pod: Pod,
  volumes: PodVolumes,
  guest: Pick<GuestLink, 'writeFile' | 'exec'>,
  source: ObjectSource,
): Promise<number> {
  const ns = pod.metadata.namespace ?? 'default';
  let changed = 0;
  const removed: string[] = [];
  for (const volume of pod.spec.volumes ?? []) {
    if (!volume.configMap && !volume.secret) continue;
    let files: FileList | 'hostPath';
    try {
      files = await volumeFiles(volume, ns, source);
    } catch (error) {
      if (error instanceof VolumeMountError) continue;
      throw error;
    }
    if (files === 'hostPath') continue;
    const dir = volumeDir(pod, volume);
    changed += await writeChanged(dir, files, volumes.written, guest);
    const now = new Set(files.map(([path]) => `${dir}/${path}`));
    for (const full of volumes.written.keys()) if (full.startsWith(`${dir}/`) && !now.has(full)) removed.push(full);
  }
  if (removed.length) {
    const result = await guest.exec(['rm', '-f', '--', ...removed]);
    if (result.exitCode === 0) for (const full of removed) volumes.written.delete(full);
    changed += removed.length;
  }
  return changed;
}

/** Write the files of a volume's directory whose content or mode differs from `written` (all of them at first). */
async function writeChanged(
  dir: string,
  files: FileList,
  written: Map<string, string>,
  guest: Pick<GuestLink, 'writeFile'>,
): Promise<number> {
  let changed = 0;
  for (const [path, data, mode] of files) {
    const full = `${dir}/${path}`;
    const print = fingerprint(data, mode);
    if (written.get(full) === print) continue;
    await guest.writeFile(full, data, { mode });
    written.set(full, print);
    changed++;
  }
  return changed;
}

function volumeDir(pod: Pod, volume: Volume): string {
  const kind = volume.configMap ? 'configmap' : volume.secret ? 'secret' : 'empty-dir';
  return `${podDir(pod.metadata.uid ?? pod.metadata.name ?? '')}/volumes/kubernetes.io~${kind}/${volume.name}`;
}

/** What a file was written with: text as it is, bytes by length and FNV-1a hash (a Secret may hold 1 MB). */
function fingerprint(data: Uint8Array | string, mode: number): string {
  if (typeof data === 'string') return `${mode.toString(8)}:s${data}`;
  let hash = 0x811c9dc5;
  for (const byte of data) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return `${mode.toString(8)}:b${data.length}:${hash.toString(16)}`;
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
