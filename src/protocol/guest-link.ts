import type { ByteStream, Disposable } from './byte-stream.js';

/**
 * How host-side code (kubelet, lesson checks, editor sync, preview) reaches into the guest VM.
 *
 * The implementation lives in `src/vm/` (a small agent in the guest talking over a virtio-console port); everything
 * else depends only on this interface, so Node tests hand the real VM's link to the same code the browser runs.
 */
export interface GuestLink {
  /** Run a command to completion and collect its output. Rejects with GuestTimeoutError past `timeoutMs`. */
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Start a process and stream its stdio (terminals, `logs -f`, `exec -it`). */
  spawn(argv: readonly string[], options?: SpawnOptions): Promise<GuestProcess>;
  /** Read a whole file. Rejects with GuestFileError (code ENOENT, EISDIR, ...) like the guest's errno. */
  readFile(path: string): Promise<Uint8Array>;
  /** Create or replace a file (parent directories are created). */
  writeFile(path: string, data: Uint8Array | string, options?: { mode?: number }): Promise<void>;
  /** Open a byte stream to a guest unix socket or TCP port (Docker Engine API, a container's published port). */
  connect(target: GuestConnectTarget): Promise<ByteStream>;
}

export type GuestConnectTarget = { unix: string } | { tcp: { host?: string; port: number } };

export interface ExecOptions {
  /** Extra environment variables (merged over the agent's default environment). */
  env?: Record<string, string>;
  /** Working directory. @default "/root" */
  cwd?: string;
  /** Bytes fed to stdin, then stdin is closed. @default no input (stdin at EOF) */
  stdin?: Uint8Array | string;
  /** Kill the process (SIGKILL to its process group) and reject after this long. @default 60000 */
  timeoutMs?: number;
}

export interface ExecResult {
  exitCode: number;
  /** Set when the process died of a signal (exitCode is then 128 + signal, as a shell reports it). */
  signal?: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Run under a pseudo-terminal of this size (stdout and stderr are then one stream). */
  tty?: { cols: number; rows: number };
  /**
   * Take over the guest's spare process (see SpareProcesses) instead of starting a new one when the spare was started
   * with the same argv, cwd and env (the size may differ: the PTY is resized). Its earlier output (a shell's prompt)
   * arrives as the first stdout. Without a matching spare this is an ordinary spawn. Only with `tty`.
   */
  adoptSpare?: boolean;
}

/**
 * A process started ahead of need and handed to the first matching `spawn({ adoptSpare: true })`: the snapshot maker
 * starts the learner's login shell this way, so the saved state holds a shell already showing its prompt. The spare
 * survives the link's reset when a host (re-)attaches after a restore.
 */
export interface SpareProcesses {
  /** Start the spare under a PTY (replacing any earlier one). Resolves with its pid once it runs. */
  spawnSpare(argv: readonly string[], options: SpawnOptions & { tty: { cols: number; rows: number } }): Promise<number>;
  /** The spare now, or undefined when there is none (never started, adopted, or it exited). */
  spareStatus(timeoutMs?: number): Promise<SpareStatus | undefined>;
}

export interface SpareStatus {
  pid: number;
  /** Output the spare printed so far, held for whoever adopts it. */
  heldBytes: number;
  /** Milliseconds since its last output: a shell that printed its prompt and waits for input goes quiet. */
  quietMs: number;
}

export interface GuestProcess {
  readonly pid: number;
  readonly stdin: ByteStreamWriter;
  onStdout(listener: (data: Uint8Array) => void): Disposable;
  /** Never fires for a tty process (its stderr arrives on stdout). */
  onStderr(listener: (data: Uint8Array) => void): Disposable;
  /** Resize the pseudo-terminal (SIGWINCH reaches the process). No-op without a tty. */
  resize(cols: number, rows: number): void;
  /** Send a signal to the process group. @default 15 (SIGTERM) */
  kill(signal?: number): void;
  /** Resolves once the process has exited and all its output was delivered. */
  readonly exited: Promise<{ exitCode: number; signal?: number }>;
}

export interface ByteStreamWriter {
  write(data: Uint8Array | string): void;
  end(): void;
}

/** A command outlived its timeout; the process was killed. */
export class GuestTimeoutError extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly timeoutMs: number,
  ) {
    super(`command timed out after ${timeoutMs} ms: ${argv.join(' ')}`);
    this.name = 'GuestTimeoutError';
  }
}

/** A file operation failed in the guest; `code` is the errno name (ENOENT, EACCES, EISDIR, ...). */
export class GuestFileError extends Error {
  constructor(
    readonly code: string,
    readonly path: string,
  ) {
    super(`${code}: ${path}`);
    this.name = 'GuestFileError';
  }
}

/** The link is gone (VM stopped, crashed or was reset); every pending call rejects with this. */
export class GuestLinkClosedError extends Error {
  constructor(reason: string) {
    super(`guest link closed: ${reason}`);
    this.name = 'GuestLinkClosedError';
  }
}
