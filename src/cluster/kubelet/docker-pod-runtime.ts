import type { DockerClient, ExecStream } from '../../docker/docker-client.js';
import { BufferedEmitter, OnceSignal } from '../../http/emitter.js';
import type { ByteStream } from '../../protocol/byte-stream.js';
import type { GuestLink } from '../../protocol/guest-link.js';
import type { Container } from '../objects/index.js';
import type { PodWorker } from './pod-worker.js';
import {
  PodRuntimeError,
  type ExecOptions,
  type ExecSession,
  type LogOptions,
  type OutputStream,
  type PodRuntime,
} from './pod-runtime.js';

/** Finds the worker of a pod this kubelet runs. */
export type WorkerLookup = (namespace: string, pod: string) => PodWorker | undefined;

const badRequest = (message: string) => new PodRuntimeError(400, 'BadRequest', message);

/** {@link PodRuntime} on Docker: `docker logs`, `docker exec` and a guest connection to the pod IP. */
export class DockerPodRuntime implements PodRuntime {
  constructor(
    private readonly docker: DockerClient,
    private readonly guest: Pick<GuestLink, 'connect'>,
    private readonly lookup: WorkerLookup,
    private readonly podIP: (worker: PodWorker) => string | undefined,
  ) {}

  async logs(
    namespace: string,
    pod: string,
    container: string | undefined,
    options: LogOptions = {},
  ): Promise<OutputStream> {
    const worker = this.worker(namespace, pod);
    const spec = this.container(worker, container);
    const instance = worker.instance(spec.name, options.previous);
    if (!instance) {
      if (options.previous) throw badRequest(`previous terminated container "${spec.name}" in pod "${pod}" not found`);
      throw badRequest(
        `container "${spec.name}" in pod "${pod}" is waiting to start: ${this.waitingReason(worker, spec.name)}`,
      );
    }
    const since = options.sinceSeconds ? Math.floor(Date.now() / 1000) - options.sinceSeconds : undefined;
    const output = await this.docker.logs(instance.id, {
      follow: Boolean(options.follow) && !options.previous,
      timestamps: options.timestamps,
      tail: options.tailLines ?? 'all',
      since,
      tty: spec.tty ?? false,
    });
    const data = new BufferedEmitter<Uint8Array>();
    const ended = new OnceSignal();
    let budget = options.limitBytes ?? Infinity;
    output.onData((_stream, bytes) => {
      if (budget <= 0) return;
      const part = bytes.length > budget ? bytes.subarray(0, budget) : bytes;
      budget -= part.length;
      data.emit(part);
      if (budget <= 0) output.close();
    });
    output.onEnd(() => ended.fire());
    return { onData: (l) => data.on(l), onEnd: (l) => ended.on(l), close: () => output.close() };
  }

  async exec(
    namespace: string,
    pod: string,
    container: string | undefined,
    argv: readonly string[],
    options: ExecOptions = {},
  ): Promise<ExecSession> {
    const worker = this.worker(namespace, pod);
    const spec = this.container(worker, container);
    const instance = worker.instance(spec.name);
    if (!instance?.running) throw badRequest(`container not found ("${spec.name}")`);
    if (argv.length === 0) throw badRequest('you must specify at least one command for the container');
    const tty = Boolean(options.tty);
    const id = await this.docker.execCreate(instance.id, {
      Cmd: [...argv],
      AttachStdin: Boolean(options.stdin),
      AttachStdout: true,
      AttachStderr: true,
      Tty: tty,
      ...(tty && options.size ? { ConsoleSize: [options.size.rows, options.size.cols] as [number, number] } : {}),
    });
    const started = await this.docker.execStart(id, tty);
    if (tty && options.size)
      void this.docker.execResize(id, options.size.cols, options.size.rows).catch(() => undefined);
    return this.session(started, Boolean(options.stdin), {
      resize: (cols, rows) => (tty ? this.docker.execResize(id, cols, rows) : Promise.resolve()),
      exitCode: async () => (await this.docker.execInspect(id)).ExitCode ?? 1,
    });
  }

  /**
   * `kubectl attach` / `run -it`: the container's own stdio. Whether it is a terminal is the container's `tty`, not
   * the request's; `exited` resolves when the container stops or the client detaches.
   */
  async attach(
    namespace: string,
    pod: string,
    container: string | undefined,
    options: { stdin?: boolean; tty?: boolean } = {},
  ): Promise<ExecSession> {
    const worker = this.worker(namespace, pod);
    const spec = this.container(worker, container);
    const instance = worker.instance(spec.name);
    if (!instance?.running) throw badRequest(`container ${spec.name} is not running`);
    if (options.stdin && !spec.stdin) {
      throw badRequest(
        `stdin is not enabled for container ${spec.name} in pod ${pod}: set stdin: true in the pod spec`,
      );
    }
    const tty = spec.tty ?? false;
    const started = await this.docker.attach(instance.id, { stdin: options.stdin, tty });
    return this.session(started, Boolean(options.stdin), {
      resize: (cols, rows) => (tty ? this.docker.resizeContainer(instance.id, cols, rows) : Promise.resolve()),
      exitCode: async () => {
        const state = (await this.docker.inspectContainer(instance.id)).State;
        return state.Running ? 0 : state.ExitCode;
      },
    });
  }

  private session(
    started: ExecStream,
    stdin: boolean,
    ops: { resize(cols: number, rows: number): Promise<void>; exitCode(): Promise<number> },
  ): ExecSession {
    const stdout = new BufferedEmitter<Uint8Array>();
    const stderr = new BufferedEmitter<Uint8Array>();
    started.output.onData((stream, data) => (stream === 'stderr' ? stderr : stdout).emit(data));
    const exited = new Promise<{ exitCode: number }>((resolve) => {
      started.output.onEnd(() => {
        ops
          .exitCode()
          .then((exitCode) => resolve({ exitCode }))
          .catch(() => resolve({ exitCode: 1 }));
      });
    });
    return {
      stdin: stdin ? { write: (d) => started.connection.write(d), end: () => started.connection.end() } : undefined,
      onStdout: (l) => stdout.on(l),
      onStderr: (l) => stderr.on(l),
      resize: (cols, rows) => void ops.resize(cols, rows).catch(() => undefined),
      exited,
      close: () => started.connection.close(),
    };
  }

  async portForward(namespace: string, pod: string, port: number): Promise<ByteStream> {
    const worker = this.worker(namespace, pod);
    const ip = this.podIP(worker);
    const running = worker.current.spec.containers.some((c) => worker.instance(c.name)?.running);
    if (!ip || !running) throw badRequest(`pod ${pod} is not running`);
    try {
      return await this.guest.connect({ tcp: { host: ip, port } });
    } catch (error) {
      throw new PodRuntimeError(
        500,
        'InternalError',
        `error forwarding port ${port} to pod ${worker.uid}: ${(error as Error).message}`,
      );
    }
  }

  private worker(namespace: string, pod: string): PodWorker {
    const worker = this.lookup(namespace, pod);
    if (!worker) throw new PodRuntimeError(404, 'NotFound', `pods "${pod}" not found`);
    return worker;
  }

  private container(worker: PodWorker, name: string | undefined): Container {
    const pod = worker.current;
    const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
    if (name === undefined) {
      if (pod.spec.containers.length === 1) return pod.spec.containers[0]!;
      const names = pod.spec.containers.map((c) => c.name).join(' ');
      const inits = (pod.spec.initContainers ?? []).map((c) => c.name).join(' ');
      throw badRequest(
        `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names}]` +
          (inits ? ` or one of the init containers: [${inits}]` : ''),
      );
    }
    const spec = all.find((c) => c.name === name);
    if (!spec) throw badRequest(`container ${name} is not valid for pod ${pod.metadata.name}`);
    return spec;
  }

  private waitingReason(worker: PodWorker, container: string): string {
    const statuses = [
      ...(worker.current.status?.containerStatuses ?? []),
      ...(worker.current.status?.initContainerStatuses ?? []),
    ];
    return statuses.find((s) => s.name === container)?.state.waiting?.reason ?? 'ContainerCreating';
  }
}
