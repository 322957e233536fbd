/**
 * POST pods/<name>/exec (and attach): the SPDY/3.1 upgrade kubectl 1.20 performs, then the remotecommand v4
 * protocol on top: the client opens one stream per channel (`streamtype`: error, stdin, stdout, stderr, resize),
 * we run the command through the kubelet's PodRuntime and finish by writing a Status to the error stream
 * (Success, or Failure/NonZeroExitCode with the exit code, which kubectl turns into its own exit code).
 */
import type { HttpRequest, ResponseWriter } from '../../http/index.js';
import { PodRuntimeError, type ExecSession, type PodRuntime } from '../kubelet/pod-runtime.js';
import { flag } from './content.js';
import { ApiError, badRequest } from './errors.js';
import type { ResourceRegistry } from './resource-registry.js';
import { SpdySession, type SpdyStream } from './spdy/session.js';
import type { JsonObject } from '../objects/index.js';

/**
 * `kubectl attach` / `run -it` need the container's own stdio. The kubelet offers it through this optional method
 * (same session shape as exec: stdin, output, resize, and `exited` when the container stops or we detach).
 */
export interface AttachCapable {
  attach?(
    namespace: string,
    pod: string,
    container: string,
    options: { stdin?: boolean; tty?: boolean },
  ): Promise<ExecSession>;
}

const encoder = new TextEncoder();
const MAX_PENDING_RESIZE_TEXT = 1024;
const STREAM_WAIT_MS = 30_000;

/** Pick the subprotocol: kubectl offers v4..v1; we speak v4 (JSON Status on the error stream). */
export function negotiate(req: HttpRequest, supported: string): string {
  const offered = req.headers
    .getAll('x-stream-protocol-version')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim());
  if (!req.headers.hasToken('upgrade', 'SPDY/3.1')) {
    throw badRequest('Upgrade request required');
  }
  if (!offered.includes(supported)) {
    throw new ApiError(
      403,
      'Forbidden',
      `unable to upgrade: unable to negotiate protocol: client supports ${JSON.stringify(offered)}, server supports ["${supported}"]`,
    );
  }
  return supported;
}

export function resolveContainer(pod: JsonObject, name: string, requested: string | null): string {
  const containers = ((pod.spec as JsonObject | undefined)?.containers as JsonObject[] | undefined) ?? [];
  if (requested) {
    if (!containers.some((c) => c.name === requested)) {
      throw badRequest(`container ${requested} is not valid for pod ${name}`);
    }
    return requested;
  }
  if (containers.length === 1) return String(containers[0]!.name);
  throw badRequest(
    `a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => String(c.name)).join(' ')}]`,
  );
}

export async function servePodExec(
  registry: ResourceRegistry,
  runtime: (PodRuntime & AttachCapable) | undefined,
  namespace: string,
  name: string,
  req: HttpRequest,
  res: ResponseWriter,
  mode: 'exec' | 'attach' = 'exec',
): Promise<void> {
  const pod = registry.store.mustGet('pods', namespace, name) as JsonObject;
  const phase = (pod.status as JsonObject | undefined)?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') {
    throw badRequest(`cannot ${mode} into a container in a completed pod; current phase is ${String(phase)}`);
  }
  const container = resolveContainer(pod, name, req.query.get('container'));
  const command = req.query.getAll('command');
  if (mode === 'exec' && command.length === 0) throw badRequest('you must specify at least 1 command');
  const wants = {
    stdin: flag(req, 'stdin'),
    stdout: flag(req, 'stdout'),
    stderr: flag(req, 'stderr'),
    tty: flag(req, 'tty'),
  };
  if (!wants.stdin && !wants.stdout && !wants.stderr) {
    throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
  }
  const protocol = negotiate(req, 'v4.channel.k8s.io');
  if (!runtime) throw new ApiError(503, 'ServiceUnavailable', 'the kubelet is not running on this node');
  let session: ExecSession;
  try {
    if (mode === 'attach') {
      if (!runtime.attach)
        throw new ApiError(501, 'NotImplemented', 'pods/attach is not supported by this kubelet yet');
      session = await runtime.attach(namespace, name, container, { stdin: wants.stdin, tty: wants.tty });
    } else {
      session = await runtime.exec(namespace, name, container, command, { stdin: wants.stdin, tty: wants.tty });
    }
  } catch (error) {
    if (error instanceof PodRuntimeError) throw new ApiError(error.code, error.reason, error.message);
    throw error;
  }
  // Output may arrive before the client's streams exist: hold it until they do.
  const pending: { out: Uint8Array[]; err: Uint8Array[] } = { out: [], err: [] };
  let stdout: SpdyStream | undefined;
  let stderr: SpdyStream | undefined;
  session.onStdout((d) => (stdout ? stdout.write(d) : pending.out.push(d.slice())));
  session.onStderr((d) => (stderr ? stderr.write(d) : pending.err.push(d.slice())));

  const raw = res.upgrade({ Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': protocol });
  const expected = new Set(['error']);
  if (wants.stdin) expected.add('stdin');
  if (wants.stdout) expected.add('stdout');
  if (wants.stderr && !wants.tty) expected.add('stderr');
  if (wants.tty) expected.add('resize');
  const streams = new Map<string, SpdyStream>();
  let started = false;
  const spdy = new SpdySession(raw, (stream) => {
    stream.reply();
    const type = stream.header('streamtype') ?? '';
    streams.set(type, stream);
    if (!started && [...expected].every((t) => streams.has(t))) start();
  });
  const timer = registry.clock.after(STREAM_WAIT_MS, () => {
    if (!started) {
      session.close();
      spdy.close();
    }
  });
  spdy.onClose(() => {
    timer();
    session.close();
  });

  function start(): void {
    started = true;
    timer();
    stdout = streams.get('stdout');
    stderr = streams.get('stderr') ?? (wants.tty ? undefined : undefined);
    for (const d of pending.out) stdout?.write(d);
    for (const d of pending.err) (stderr ?? stdout)?.write(d);
    pending.out = [];
    pending.err = [];
    const stdin = streams.get('stdin');
    if (stdin && session.stdin) {
      stdin.onData((d) => session.stdin!.write(d));
      stdin.onEnd(() => session.stdin!.end());
    }
    const resize = streams.get('resize');
    if (resize) {
      let text = '';
      resize.onData((d) => {
        text += new TextDecoder().decode(d);
        // A stream of JSON objects {"Width":80,"Height":24}, possibly split or concatenated.
        for (let m = /\{[^}]*\}/.exec(text); m; m = /\{[^}]*\}/.exec(text)) {
          text = text.slice(m.index + m[0].length);
          try {
            const size = JSON.parse(m[0]) as { Width?: number; Height?: number };
            if (size.Width && size.Height) session.resize(size.Width, size.Height);
          } catch {
            // Not a size: ignore, as the kubelet does.
          }
        }
        // A size message is a few dozen bytes: whatever never closes with `}` is not one, so keep only a tail.
        if (text.length > MAX_PENDING_RESIZE_TEXT) text = text.slice(-MAX_PENDING_RESIZE_TEXT);
      });
    }
    void session.exited.then(({ exitCode }) => finish(exitCode));
  }

  function finish(exitCode: number): void {
    const error = streams.get('error');
    const status =
      exitCode === 0
        ? { metadata: {}, status: 'Success' }
        : {
            metadata: {},
            status: 'Failure',
            message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
            reason: 'NonZeroExitCode',
            details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
          };
    error?.write(encoder.encode(JSON.stringify(status)));
    stdout?.end();
    stderr?.end();
    error?.end();
    // The client closes the connection once it has read everything; close ours after a grace period regardless.
    registry.clock.after(2_000, () => spdy.close());
  }
}
