import type { ByteStream, Disposable } from '../../protocol/byte-stream.js';

/**
 * The pod I/O the API server needs from the kubelet: `pods/log`, `pods/exec` (and attach) and `pods/portforward`.
 *
 * The API server owns the wire side (chunked HTTP for logs, SPDY/3.1 streams for exec and port-forward); the
 * kubelet owns finding the container and talking to Docker. Keeping this seam narrow lets the API server be tested
 * with a fake runtime and the kubelet be tested against the real guest dockerd.
 *
 * Every method rejects with {@link PodRuntimeError} carrying the HTTP status and the message kubectl prints after
 * `Error from server (<reason>):`, e.g. `container "web" in pod "nginx" is waiting to start: ContainerCreating`.
 */
export interface PodRuntime {
  /**
   * The container's log. Without `follow` the stream ends after the current log; with it, it stays open until the
   * container stops or the caller closes it. `container` may be omitted only for single-container pods.
   */
  logs(namespace: string, pod: string, container: string | undefined, options?: LogOptions): Promise<OutputStream>;
  /** Run a command in a running container (`kubectl exec`), like `docker exec` of the same argv. */
  exec(
    namespace: string,
    pod: string,
    container: string | undefined,
    argv: readonly string[],
    options?: ExecOptions,
  ): Promise<ExecSession>;
  /**
   * A byte stream to `port` inside the pod's network namespace (`kubectl port-forward`): one call per forwarded
   * connection. Rejects if the pod is not running.
   */
  portForward(namespace: string, pod: string, port: number): Promise<ByteStream>;
}

export interface LogOptions {
  /** Keep streaming new output (`-f`). @default false */
  follow?: boolean;
  /** Only the last N lines (`--tail`). @default all */
  tailLines?: number;
  /** Prefix each line with its RFC 3339 timestamp (`--timestamps`). @default false */
  timestamps?: boolean;
  /** The previous (terminated) instance of the container (`-p`). @default false */
  previous?: boolean;
  /** Only lines newer than this many seconds (`--since`). @default all */
  sinceSeconds?: number;
  /** Stop after this many bytes (`--limit-bytes`). @default unlimited */
  limitBytes?: number;
}

export interface ExecOptions {
  /** Pass stdin to the process (`-i`). @default false */
  stdin?: boolean;
  /** Run under a pseudo-terminal (`-t`); stderr then arrives on stdout. @default false */
  tty?: boolean;
  /** Initial terminal size for tty sessions. */
  size?: { cols: number; rows: number };
}

/** Read-only bytes from the runtime (a log). */
export interface OutputStream {
  onData(listener: (data: Uint8Array) => void): Disposable;
  /** The output ended (log finished, container stopped while following, or closed). Fires at most once. */
  onEnd(listener: () => void): Disposable;
  /** Stop reading; releases the Docker connection. */
  close(): void;
}

/** A running `exec`: stdio, terminal resize, and the exit code once the process ends. */
export interface ExecSession {
  /** Present when `stdin` was requested. `end()` closes the process's stdin. */
  readonly stdin?: { write(data: Uint8Array): void; end(): void };
  onStdout(listener: (data: Uint8Array) => void): Disposable;
  /** Never fires for tty sessions. */
  onStderr(listener: (data: Uint8Array) => void): Disposable;
  /** Resize the pseudo-terminal (no-op without tty). */
  resize(cols: number, rows: number): void;
  /** Resolves when the process ended and all output was delivered (the exit code to report as NonZeroExitCode). */
  readonly exited: Promise<{ exitCode: number }>;
  /** Tear the session down (the client went away). */
  close(): void;
}

/** Why a pod I/O request failed, shaped for a Kubernetes `Status` (code + reason + message). */
export class PodRuntimeError extends Error {
  constructor(
    /** HTTP status: 400 for bad requests and not-running containers, 404 for unknown pods, 500 for runtime errors. */
    readonly code: 400 | 404 | 500,
    /** The Status reason kubectl prints: BadRequest, NotFound, InternalError. */
    readonly reason: 'BadRequest' | 'NotFound' | 'InternalError',
    message: string,
  ) {
    super(message);
    this.name = 'PodRuntimeError';
  }
}
