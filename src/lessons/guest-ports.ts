import type { Disposable } from '../protocol/byte-stream.js';
import { GuestFileError, type GuestLink } from '../protocol/guest-link.js';
import { WORKSPACE_ROOT } from '../protocol/worker-api.js';
import { httpRequest } from '../http/client.js';
import type { CommandPort, HttpPort, WorkspacePort } from './ports.js';

const decoder = new TextDecoder();

/**
 * The workspace port: files read through the guest link. Change notices come from whoever sees changes (the worker's
 * WorkspaceSync, which polls the listing only while the page shows the tree, and hears every editor save).
 */
export function workspacePort(
  link: () => GuestLink,
  onChange: (listener: (path: string) => void) => Disposable,
): WorkspacePort {
  return {
    async readFile(path) {
      try {
        return decoder.decode(await link().readFile(`${WORKSPACE_ROOT}/${path.replace(/^\.?\/+/, '')}`));
      } catch (error) {
        if (error instanceof GuestFileError && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return undefined;
        throw error;
      }
    },
    onChange,
  };
}

/** The HTTP port: a GET over a TCP connection the guest opens, so it sees what `curl` in the guest sees. */
export function httpPort(link: () => GuestLink, timeoutMs = 10_000): HttpPort {
  return {
    async get({ host, port, path }) {
      const stream = await link().connect({ tcp: { host, port } });
      const res = await httpRequest(stream, {
        method: 'GET',
        path,
        headers: { Host: `${host}:${port}` },
        headTimeoutMs: timeoutMs,
      });
      return { status: res.status, body: await res.text() };
    },
  };
}

/** The command port: `sh -c` in the workspace, stdout and stderr together. */
export function commandPort(link: () => GuestLink): CommandPort {
  return {
    async run(script, timeoutMs) {
      const result = await link().exec(['sh', '-c', script], { cwd: WORKSPACE_ROOT, timeoutMs });
      return { exitCode: result.exitCode, output: decoder.decode(result.stdout) + decoder.decode(result.stderr) };
    },
  };
}
