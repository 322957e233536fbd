/**
 * NODE ONLY: the Docker port on a Docker Engine API unix socket of the grading machine (`/var/run/docker.sock`, or
 * Docker Desktop's, or a rootless dockerd's). The reads and their mapping are the playground's own (docker-port.ts on
 * DockerClient); only the connection differs, and the API version is the engine's (see `openDockerSocket`).
 */
import { createConnection } from 'node:net';
import { realClock } from '../../cluster/clock.js';
import { DockerClient } from '../../docker/docker-client.js';
import { httpRequest } from '../../http/client.js';
import { byteStreamFromSocket } from '../../http/node-byte-stream.js';
import type { ByteStream } from '../../protocol/byte-stream.js';
import { dockerPort } from '../docker-port.js';
import type { DockerPort } from '../ports.js';
import { GradeSetupError } from './grade-setup-error.js';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

/** `--docker-socket PATH`, else DOCKER_HOST=unix://PATH, else /var/run/docker.sock. */
export function dockerSocketPath(options: { flag?: string | undefined; dockerHost?: string | undefined }): string {
  if (options.flag !== undefined) return options.flag;
  const host = options.dockerHost;
  if (!host) return DEFAULT_DOCKER_SOCKET;
  if (host.startsWith('unix://')) return host.slice('unix://'.length);
  throw new GradeSetupError(
    `DOCKER_HOST=${host}: lessons:grade reads Docker over a unix socket only; pass --docker-socket PATH (or unset DOCKER_HOST for ${DEFAULT_DOCKER_SOCKET})`,
  );
}

function connectTo(path: string): () => Promise<ByteStream> {
  return () =>
    new Promise((resolve, reject) => {
      const socket = createConnection({ path, allowHalfOpen: true });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(byteStreamFromSocket(socket));
      });
    });
}

/** Why the socket gave no Docker Engine: the sentence Docker checks are skipped with. */
function absence(path: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return `no Docker Engine at ${path}`;
  if (error.code === 'ECONNREFUSED') return `no Docker Engine at ${path} (the socket is there, nothing listens on it)`;
  if (error.code === 'EACCES') return `no access to the Docker Engine at ${path} (permission denied)`;
  return `no Docker Engine at ${path} (${error.message})`;
}

const PROBE_TIMEOUT_MS = 5_000;

/**
 * Open the engine at `path`: its DockerPort, or why there is none. The port asks with the engine's own API version
 * (the `Api-Version` header of its `/_ping`): DockerClient's default, 1.41, is refused by Docker Engine 29 and later,
 * whose oldest accepted version is 1.44. The fields read here did not change between those versions.
 */
export async function openDockerSocket(path: string): Promise<{ port: DockerPort } | { missing: string }> {
  const connect = connectTo(path);
  let apiVersion: string;
  try {
    const res = await httpRequest(await connect(), {
      method: 'GET',
      path: '/_ping',
      headers: { Host: 'docker' },
      headTimeoutMs: PROBE_TIMEOUT_MS,
    });
    const body = await res.text();
    if (res.status !== 200 || body !== 'OK')
      return { missing: `no Docker Engine at ${path} (it answered ${res.status} ${body.slice(0, 80)} to a ping)` };
    apiVersion = res.headers.get('api-version') ?? '1.41';
  } catch (error) {
    return { missing: absence(path, error as NodeJS.ErrnoException) };
  }
  const client = new DockerClient(connect, { apiVersion, timeoutMs: 20_000 });
  return {
    port: {
      ...dockerPort(client, connect, realClock),
      // docker-port.ts asks for volumes at /v1.41 (DockerClient has no volume call yet): ask at the engine's version.
      async volumes() {
        const res = await httpRequest(await connect(), {
          method: 'GET',
          path: `/v${apiVersion}/volumes`,
          headers: { Host: 'docker' },
        });
        if (res.status !== 200) throw new Error(`Docker answered ${res.status} to a volume list`);
        const body = await res.json<{ Volumes: { Name: string }[] | null }>();
        return (body.Volumes ?? []).map((v) => v.Name);
      },
    },
  };
}
