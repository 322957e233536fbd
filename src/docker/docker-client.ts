import { httpRequest, type HttpClientRequest, type HttpClientResponse } from '../http/client.js';
import type { ByteStream, Disposable } from '../protocol/byte-stream.js';
import { DockerApiError } from './docker-error.js';
import { dockerOutput, type DockerOutput } from './docker-output.js';
import { JsonLines } from './json-lines.js';
import type {
  ContainerCreateBody,
  ContainerInspect,
  ContainerSummary,
  ContainerWaitResult,
  DockerEvent,
  ExecCreateBody,
  ExecInspect,
  ImageInspect,
  ImageSummary,
  NetworkCreateBody,
  NetworkInspect,
  PullProgress,
  SystemInfo,
  VersionInfo,
} from './types.js';

/** Opens a fresh connection to dockerd (the guest's /var/run/docker.sock through the guest link). */
export type StreamFactory = () => Promise<ByteStream>;

/** Docker's list filters: `{label: ['a=b'], status: ['running']}`, sent JSON-encoded. */
export type Filters = Record<string, string[]>;

export interface LogsOptions {
  follow?: boolean;
  stdout?: boolean;
  stderr?: boolean;
  timestamps?: boolean;
  /** Number of lines from the end, or 'all'. */
  tail?: number | 'all';
  /** Unix seconds. */
  since?: number;
  /** Whether the container has a tty (its log is then not multiplexed); looked up when omitted. */
  tty?: boolean;
}

/** A started exec: the hijacked connection split into stdio, plus the id to inspect for the exit code. */
export interface ExecStream {
  id: string;
  output: DockerOutput;
  /** The raw connection: write stdin here; `end()` closes the process's stdin. */
  connection: ByteStream;
}

export interface DockerClientOptions {
  /** @default "1.41" (Docker 20.10) */
  apiVersion?: string;
  /**
   * Reject a call whose response has not started after this long (a stuck guest connection must not hang the
   * caller forever). Calls that legitimately block (stop, wait) get their own allowance on top. @default 120000
   */
  timeoutMs?: number;
  /** Called after each request with its outcome (debugging: what the kubelet asks dockerd, and how long it takes). */
  trace?: (line: string) => void;
}

/** Typed client for the Docker Engine API v1.41 over any byte-stream factory (the guest's docker.sock). */
export class DockerClient {
  private readonly apiVersion: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly connect: StreamFactory,
    private readonly options: DockerClientOptions = {},
  ) {
    this.apiVersion = options.apiVersion ?? '1.41';
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  // ---- system ----
  async ping(): Promise<boolean> {
    const res = await this.request({ method: 'GET', path: '/_ping' });
    return (await res.body.text()) === 'OK';
  }
  version(): Promise<VersionInfo> {
    return this.json('GET', '/version');
  }
  info(): Promise<SystemInfo> {
    return this.json('GET', '/info');
  }
  /** Live daemon events; close the returned handle to stop. */
  async events(
    filters: Filters,
    listener: (event: DockerEvent) => void,
  ): Promise<{ close(): void; ended: Promise<void> }> {
    const res = await this.request({ method: 'GET', path: `/events?filters=${enc(JSON.stringify(filters))}` });
    const lines = new JsonLines<DockerEvent>();
    res.body.onData((d) => lines.push(d).forEach(listener));
    const ended = new Promise<void>((resolve) => res.body.onEnd(() => resolve()));
    return { close: () => res.body.close(), ended };
  }

  // ---- containers ----
  async createContainer(name: string, body: ContainerCreateBody): Promise<{ Id: string; Warnings: string[] }> {
    return this.json('POST', `/containers/create?name=${enc(name)}`, body);
  }
  /** Start; a container that is already running is fine (Docker answers 304). */
  async startContainer(id: string): Promise<void> {
    await this.ok('POST', `/containers/${enc(id)}/start`, undefined, [304]);
  }
  /** SIGTERM (or the image's stop signal), SIGKILL after `timeoutSeconds`; an already stopped container is fine. */
  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    const t = Math.max(0, Math.floor(timeoutSeconds));
    await this.ok('POST', `/containers/${enc(id)}/stop?t=${t}`, undefined, [304], t * 1000);
  }
  async killContainer(id: string, signal = 'SIGKILL'): Promise<void> {
    await this.ok('POST', `/containers/${enc(id)}/kill?signal=${enc(signal)}`);
  }
  async removeContainer(id: string, options: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    await this.ok('DELETE', `/containers/${enc(id)}?force=${options.force ? 1 : 0}&v=${options.volumes ? 1 : 0}`);
  }
  inspectContainer(id: string): Promise<ContainerInspect> {
    return this.json('GET', `/containers/${enc(id)}/json`);
  }
  listContainers(options: { all?: boolean; filters?: Filters } = {}): Promise<ContainerSummary[]> {
    const filters = options.filters ? `&filters=${enc(JSON.stringify(options.filters))}` : '';
    return this.json('GET', `/containers/json?all=${options.all ? 1 : 0}${filters}`);
  }
  /** Block until the container reaches `condition` (default: not running) and return its exit code. */
  wait(id: string, condition: 'not-running' | 'next-exit' | 'removed' = 'not-running'): Promise<ContainerWaitResult> {
    return this.json('POST', `/containers/${enc(id)}/wait?condition=${condition}`, undefined, 24 * 3600_000);
  }
  async logs(id: string, options: LogsOptions = {}): Promise<DockerOutput> {
    const tty = options.tty ?? (await this.inspectContainer(id)).Config.Tty ?? false;
    const query = new URLSearchParams({
      follow: options.follow ? '1' : '0',
      stdout: options.stdout === false ? '0' : '1',
      stderr: options.stderr === false ? '0' : '1',
      timestamps: options.timestamps ? '1' : '0',
      tail: String(options.tail ?? 'all'),
    });
    if (options.since !== undefined) query.set('since', String(options.since));
    const res = await this.request({ method: 'GET', path: `/containers/${enc(id)}/logs?${query}` });
    await this.throwIfError(res, `/containers/${id}/logs`);
    return dockerOutput(res.body, tty);
  }
  /** Attach to a container's stdio (stream=1): the hijacked connection. */
  async attach(id: string, options: { stdin?: boolean; logs?: boolean; tty: boolean }): Promise<ExecStream> {
    const query = `stream=1&stdout=1&stderr=1&stdin=${options.stdin ? 1 : 0}&logs=${options.logs ? 1 : 0}`;
    const path = `/containers/${enc(id)}/attach?${query}`;
    const connection = await this.hijack(path, undefined);
    return { id, connection, output: dockerOutput(streamSource(connection), options.tty) };
  }
  async resizeContainer(id: string, cols: number, rows: number): Promise<void> {
    await this.ok('POST', `/containers/${enc(id)}/resize?h=${rows}&w=${cols}`);
  }

  // ---- exec ----
  async execCreate(containerId: string, body: ExecCreateBody): Promise<string> {
    const { Id } = await this.json<{ Id: string }>('POST', `/containers/${enc(containerId)}/exec`, body);
    return Id;
  }
  /** Start an exec attached: output arrives on `output`, stdin goes to `connection`. */
  async execStart(execId: string, tty: boolean): Promise<ExecStream> {
    const connection = await this.hijack(`/exec/${enc(execId)}/start`, { Detach: false, Tty: tty });
    return { id: execId, connection, output: dockerOutput(streamSource(connection), tty) };
  }
  execInspect(execId: string): Promise<ExecInspect> {
    return this.json('GET', `/exec/${enc(execId)}/json`);
  }
  async execResize(execId: string, cols: number, rows: number): Promise<void> {
    await this.ok('POST', `/exec/${enc(execId)}/resize?h=${rows}&w=${cols}`);
  }
  /** Run a command to completion in a container and collect its output (probes, small checks). */
  async execRun(containerId: string, cmd: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    const id = await this.execCreate(containerId, { Cmd: cmd, AttachStdout: true, AttachStderr: true });
    const { output } = await this.execStart(id, false);
    const out: Uint8Array[] = [];
    const err: Uint8Array[] = [];
    output.onData((stream, data) => (stream === 'stderr' ? err : out).push(data));
    await new Promise<void>((resolve) => output.onEnd(() => resolve()));
    const { ExitCode } = await this.execInspect(id);
    const text = (parts: Uint8Array[]) => parts.map((p) => decoder.decode(p)).join('');
    return { exitCode: ExitCode ?? -1, stdout: text(out), stderr: text(err) };
  }

  // ---- images ----
  /**
   * Pull `image` (e.g. `nginx`, `nginx:1.25`, `localhost:5000/app@sha256:...`). Resolves when done; rejects with
   * dockerd's message (`manifest unknown`, `pull access denied ...`) whether it comes as a status or in the stream.
   */
  async pullImage(image: string, onProgress?: (p: PullProgress) => void): Promise<void> {
    const { name, tag } = splitImageRef(image);
    const query = `fromImage=${enc(name)}${tag ? `&tag=${enc(tag)}` : ''}`;
    const res = await this.request({ method: 'POST', path: `/images/create?${query}` });
    await this.throwIfError(res, '/images/create');
    const lines = new JsonLines<PullProgress>();
    let error: string | undefined;
    const handle = (p: PullProgress) => {
      if (p.error) error ??= p.error;
      onProgress?.(p);
    };
    res.body.onData((d) => lines.push(d).forEach(handle));
    await new Promise<void>((resolve, reject) => res.body.onEnd((e) => (e ? reject(e) : resolve())));
    lines.flush().forEach(handle);
    if (error !== undefined) throw new DockerApiError(500, error, '/images/create');
  }
  inspectImage(image: string): Promise<ImageInspect> {
    return this.json('GET', `/images/${image}/json`);
  }
  listImages(): Promise<ImageSummary[]> {
    return this.json('GET', '/images/json');
  }

  // ---- networks ----
  listNetworks(filters?: Filters): Promise<NetworkInspect[]> {
    return this.json('GET', `/networks${filters ? `?filters=${enc(JSON.stringify(filters))}` : ''}`);
  }
  inspectNetwork(id: string): Promise<NetworkInspect> {
    return this.json('GET', `/networks/${enc(id)}`);
  }
  createNetwork(body: NetworkCreateBody): Promise<{ Id: string }> {
    return this.json('POST', '/networks/create', body);
  }
  async removeNetwork(id: string): Promise<void> {
    await this.ok('DELETE', `/networks/${enc(id)}`);
  }

  // ---- plumbing ----
  /**
   * One request on a connection of its own: streaming answers (logs -f, events) hold theirs for minutes, and opening
   * a guest-link channel is cheap next to anything dockerd does.
   */
  private async request(req: DockerRequest, extraMs = 0): Promise<HttpClientResponse> {
    const started = Date.now();
    const trace = this.options.trace;
    try {
      const res = await httpRequest(await this.connect(), {
        ...encodeRequest(req),
        method: req.method,
        path: `/v${this.apiVersion}${req.path}`,
        headTimeoutMs: this.timeoutMs + extraMs,
      });
      trace?.(`${req.method} ${req.path} -> ${res.status} in ${Date.now() - started} ms`);
      return res;
    } catch (error) {
      trace?.(`${req.method} ${req.path} -> ${(error as Error).message} after ${Date.now() - started} ms`);
      throw error;
    }
  }

  private async json<T>(method: DockerRequest['method'], path: string, body?: object, extraMs = 0): Promise<T> {
    const res = await this.request({ method, path, body }, extraMs);
    await this.throwIfError(res, path);
    const text = await res.body.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async ok(
    method: DockerRequest['method'],
    path: string,
    body?: object,
    alsoOk: number[] = [],
    extraMs = 0,
  ): Promise<number> {
    const res = await this.request({ method, path, body }, extraMs);
    if (!alsoOk.includes(res.status)) await this.throwIfError(res, path);
    await res.body.bytes();
    return res.status;
  }

  private async hijack(path: string, body: object | undefined): Promise<ByteStream> {
    const res = await this.request({ method: 'POST', path, body: body ?? '', hijack: true });
    if (!res.upgraded) {
      await this.throwIfError(res, path);
      throw new DockerApiError(res.status, `Docker did not hijack the connection for ${path}`, path);
    }
    return res.upgraded;
  }

  private async throwIfError(res: HttpClientResponse, path: string): Promise<void> {
    if (res.status < 400) return;
    const text = await res.body.text().catch(() => '');
    let message = text.trim() || `HTTP ${res.status} ${res.reason}`;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // Not JSON (plain-text errors from the router): keep the text.
    }
    throw new DockerApiError(res.status, message, path);
  }
}

interface DockerRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  /** Path and query after the API version, e.g. `/containers/json?all=1`. */
  path: string;
  /** A string, or an object sent as JSON. */
  body?: string | object;
  /** Take the connection over after the answer (attach, exec start): the response's `upgraded` stream. */
  hijack?: boolean;
}

/**
 * The headers and body dockerd is sent: JSON bodies say so, a POST or PUT without a body still says it is empty
 * (Content-Length: 0), and a hijack asks for the connection (`Connection: Upgrade`, `Upgrade: tcp`).
 */
function encodeRequest(req: DockerRequest): Pick<HttpClientRequest, 'headers' | 'body'> {
  const headers: Record<string, string> = { Host: 'docker' };
  let body: string | undefined;
  if (typeof req.body === 'string') body = req.body;
  else if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers['Content-Type'] = 'application/json';
  } else if (req.method === 'POST' || req.method === 'PUT') body = '';
  if (req.hijack) {
    headers['Connection'] = 'Upgrade';
    headers['Upgrade'] = 'tcp';
  }
  return { headers, body };
}

/** `name[:tag]` or `name@digest`; a port in the registry host is not a tag. */
export function splitImageRef(image: string): { name: string; tag?: string } {
  if (image.includes('@')) return { name: image };
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon > slash) return { name: image.slice(0, colon), tag: image.slice(colon + 1) };
  return { name: image, tag: 'latest' };
}

function streamSource(connection: ByteStream) {
  return {
    onData: (listener: (d: Uint8Array) => void): Disposable => connection.onData(listener),
    onEnd: (listener: (e?: Error) => void): Disposable => connection.onEnd(() => listener()),
    close: () => connection.close(),
  };
}

const enc = encodeURIComponent;
const decoder = new TextDecoder();
