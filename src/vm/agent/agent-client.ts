import type { ByteStream, Disposable } from '../../protocol/byte-stream.js';
import {
  GuestFileError,
  GuestLinkClosedError,
  GuestTimeoutError,
  type ExecOptions,
  type ExecResult,
  type GuestConnectTarget,
  type GuestLink,
  type GuestProcess,
  type SpareProcesses,
  type SpareStatus,
  type SpawnOptions,
} from '../../protocol/guest-link.js';
import { Channel } from './channel.js';
import { FrameDecoder, FrameType, PROTOCOL_VERSION, encodeFrame, readU32, u32, type Frame } from './frame.js';
import { encodeExec, encodePath, encodeTcp, encodeWrite } from './requests.js';
import { channelStream } from './channel-stream.js';
import { channelProcess } from './channel-process.js';
import type { AgentInfo, AgentTransport } from './transport.js';

export interface AgentClientOptions {
  /** How long a call waits for the link to be (re)attached before failing. @default 60000 */
  attachWaitMs?: number;
}

const encoder = new TextEncoder();
/** Enough zero bytes to complete any half-received frame in the agent, so the HELLO after them is parsed. */
const RESYNC_PADDING = new Uint8Array(65536 + 12);

/**
 * The host side of the guest link: implements `GuestLink` over wharf-agent's framed protocol on any byte transport.
 * `attach()` (re)connects after a boot or snapshot restore; `detach()` fails everything in flight with
 * GuestLinkClosedError; `close()` does so for good.
 */
export class AgentClient implements GuestLink, SpareProcesses {
  private transport: AgentTransport | undefined;
  private subscription: Disposable | undefined;
  private readonly decoder = new FrameDecoder();
  private readonly channels = new Map<number, Channel>();
  private nextId = 1 + Math.floor(Math.random() * 0x3fffffff);
  private hello: { nonce: number; resolve: (info: AgentInfo) => void; send: () => void } | undefined;
  private readonly pings = new Map<number, (rttMs: number) => void>();
  private readonly spareQueries = new Map<number, (status: SpareStatus | undefined) => void>();
  private attached = false;
  private attachWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private closedError: GuestLinkClosedError | undefined;
  private readonly lostListeners: Array<(reason: string) => void> = [];
  info: AgentInfo | undefined;

  constructor(private readonly options: AgentClientOptions = {}) {}

  /** Speak to the agent over `transport`: send HELLO (a reset) and resolve with the agent's answer. */
  attach(transport: AgentTransport, timeoutMs = 30_000): Promise<AgentInfo> {
    if (this.closedError) return Promise.reject(this.closedError);
    this.detach('the link was re-attached');
    this.transport = transport;
    this.decoder.reset();
    this.subscription = transport.onData((data) => this.receive(data));
    const nonce = 1 + Math.floor(Math.random() * 0xfffffffe);
    return new Promise<AgentInfo>((resolve, reject) => {
      let tries = 0;
      const send = (pad = false) => {
        if (pad) transport.write(RESYNC_PADDING);
        transport.write(encodeFrame(FrameType.hello, 0, u32(PROTOCOL_VERSION, nonce)));
      };
      // After a restore the agent may sit in the middle of a frame the old host never finished: pad, then retry.
      const retry = setInterval(() => {
        if (++tries <= 2) send(true);
      }, 2000);
      const timer = setTimeout(() => {
        clearInterval(retry);
        this.hello = undefined;
        reject(new GuestLinkClosedError(`the guest agent did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.hello = {
        nonce,
        send: () => send(false),
        resolve: (info) => {
          clearInterval(retry);
          clearTimeout(timer);
          this.hello = undefined;
          this.info = info;
          this.attached = true;
          for (const w of this.attachWaiters.splice(0)) w.resolve();
          resolve(info);
        },
      };
      send(false);
    });
  }

  /** Drop the transport; every call in flight rejects with GuestLinkClosedError(reason). */
  detach(reason: string): void {
    this.subscription?.dispose();
    this.subscription = undefined;
    this.transport = undefined;
    this.hello = undefined;
    const wasAttached = this.attached;
    this.attached = false;
    const error = new GuestLinkClosedError(reason);
    for (const channel of [...this.channels.values()]) channel.fail(error);
    this.channels.clear();
    this.pings.clear();
    this.spareQueries.clear();
    if (wasAttached) for (const l of this.lostListeners) l(reason);
  }

  /** Detach for good: later calls reject at once. */
  close(reason: string): void {
    this.detach(reason);
    this.closedError = new GuestLinkClosedError(reason);
    for (const w of this.attachWaiters.splice(0)) w.reject(this.closedError);
  }

  get isAttached(): boolean {
    return this.attached;
  }

  /** Called when an attached link is lost (detach, agent restart). */
  onLost(listener: (reason: string) => void): Disposable {
    this.lostListeners.push(listener);
    return { dispose: () => this.lostListeners.splice(this.lostListeners.indexOf(listener) >>> 0, 1) };
  }

  /** Round trip to the agent; rejects after `timeoutMs`. */
  async ping(timeoutMs = 5000): Promise<number> {
    await this.ready();
    const nonce = 1 + Math.floor(Math.random() * 0xfffffffe);
    const start = performance.now();
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pings.delete(nonce);
        reject(new Error(`guest agent did not answer a ping within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pings.set(nonce, () => {
        clearTimeout(timer);
        resolve(performance.now() - start);
      });
      this.sendFrame(FrameType.ping, 0, u32(nonce));
    });
  }

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs ?? 60_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let proc: GuestProcess | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        proc?.kill(9);
        reject(new GuestTimeoutError(argv, timeoutMs));
      }, timeoutMs);
    });
    try {
      const run = async (): Promise<ExecResult> => {
        proc = await this.spawn(argv, { env: options.env, cwd: options.cwd });
        const stdout: Uint8Array[] = [];
        const stderr: Uint8Array[] = [];
        proc.onStdout((d) => stdout.push(d));
        proc.onStderr((d) => stderr.push(d));
        if (options.stdin !== undefined) proc.stdin.write(options.stdin);
        proc.stdin.end();
        const { exitCode, signal } = await proc.exited;
        const result: ExecResult = { exitCode, stdout: join(stdout), stderr: join(stderr) };
        if (signal) result.signal = signal;
        return result;
      };
      const running = run();
      running.catch(() => {}); // it may settle after the timeout already won the race
      return await Promise.race([running, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async spawn(argv: readonly string[], options: SpawnOptions = {}): Promise<GuestProcess> {
    const spare = options.adoptSpare && options.tty ? 'adopt' : undefined;
    const payload = encodeExec({ argv, env: options.env, cwd: options.cwd, tty: options.tty, spare });
    const channel = await this.open(FrameType.exec, payload, (code, message) => execError(code, message, argv));
    const pid = await channel.whenOpen();
    return channelProcess(channel, pid, !!options.tty, (type, payload) => this.sendFrame(type, channel.id, payload));
  }

  async spawnSpare(
    argv: readonly string[],
    options: SpawnOptions & { tty: { cols: number; rows: number } },
  ): Promise<number> {
    const payload = encodeExec({ argv, env: options.env, cwd: options.cwd, tty: options.tty, spare: 'start' });
    const channel = await this.open(FrameType.exec, payload, (code, message) => execError(code, message, argv));
    return channel.whenOpen(); // the agent then closes the channel: the process is no longer ours to stream
  }

  async spareStatus(timeoutMs = 5000): Promise<SpareStatus | undefined> {
    await this.ready();
    const nonce = 1 + Math.floor(Math.random() * 0xfffffffe);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.spareQueries.delete(nonce);
        reject(new Error(`the guest agent did not answer a spare query within ${timeoutMs} ms (an older agent?)`));
      }, timeoutMs);
      this.spareQueries.set(nonce, (status) => {
        clearTimeout(timer);
        resolve(status);
      });
      this.sendFrame(FrameType.spare, 0, u32(nonce));
    });
  }

  async readFile(path: string): Promise<Uint8Array> {
    const channel = await this.open(FrameType.read, encodePath(path), (code) => new GuestFileError(code, path));
    const parts: Uint8Array[] = [];
    channel.stdout.on((d) => parts.push(d));
    return new Promise((resolve, reject) => {
      channel.ended.on((end) => (end.error ? reject(end.error) : resolve(join(parts))));
    });
  }

  async writeFile(path: string, data: Uint8Array | string, options: { mode?: number } = {}): Promise<void> {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    const channel = await this.open(FrameType.write, encodeWrite(path, options.mode), (code) => {
      return new GuestFileError(code, path);
    });
    // Pipelined: data and EOF follow the open at once; the agent ignores them if the open failed.
    channel.write(bytes);
    channel.end();
    return new Promise((resolve, reject) => {
      channel.ended.on((end) => {
        if (end.error) reject(end.error);
        else if (end.exit?.exitCode === 0) resolve();
        else reject(new GuestFileError('EIO', path));
      });
    });
  }

  async connect(target: GuestConnectTarget): Promise<ByteStream> {
    const [type, payload, name] =
      'unix' in target
        ? [FrameType.unix, encodePath(target.unix), target.unix]
        : [
            FrameType.tcp,
            encodeTcp(target.tcp.host, target.tcp.port),
            `${target.tcp.host ?? '127.0.0.1'}:${target.tcp.port}`,
          ];
    const channel = await this.open(type, payload, (code) => new GuestFileError(code, name));
    await channel.whenOpen();
    return channelStream(channel);
  }

  private async open(type: number, payload: Uint8Array, makeError: (code: string, message: string) => Error) {
    await this.ready();
    const id = this.nextId;
    this.nextId = (this.nextId % 0xfffffff0) + 1;
    const channel = new Channel(
      id,
      (t, ch, p) => this.sendFrame(t, ch, p),
      makeError,
      (c) => {
        if (this.channels.get(c.id) === c) this.channels.delete(c.id);
      },
    );
    this.channels.set(id, channel);
    this.sendFrame(type, id, payload);
    return channel;
  }

  /** Wait until attached (a restart in progress), or fail if the link is closed for good. */
  private ready(): Promise<void> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (this.attached) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { resolve, reject };
      const ms = this.options.attachWaitMs ?? 60_000;
      const timer = setTimeout(() => {
        this.attachWaiters = this.attachWaiters.filter((w) => w !== waiter);
        reject(new GuestLinkClosedError(`the guest is not running (waited ${ms} ms)`));
      }, ms);
      waiter.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
      waiter.reject = (e) => {
        clearTimeout(timer);
        reject(e);
      };
      this.attachWaiters.push(waiter);
    });
  }

  private sendFrame(type: number, channel: number, payload?: Uint8Array): void {
    this.transport?.write(encodeFrame(type, channel, payload));
  }

  private receive(data: Uint8Array): void {
    for (const frame of this.decoder.push(data)) this.dispatch(frame);
  }

  private dispatch(frame: Frame): void {
    if (frame.type === FrameType.hello) {
      const nonce = frame.payload.length >= 8 ? readU32(frame.payload, 4) : 0;
      const info = {
        version: readU32(frame.payload, 0),
        pid: frame.payload.length >= 12 ? readU32(frame.payload, 8) : 0,
      };
      if (this.hello && nonce === this.hello.nonce) {
        if (info.version !== PROTOCOL_VERSION) {
          this.close(`guest agent speaks protocol ${info.version}, expected ${PROTOCOL_VERSION}: rebuild the image`);
          return;
        }
        this.hello.resolve(info);
      } else if (nonce === 0 && this.hello) {
        this.hello.send(); // a freshly started agent: our earlier HELLO may have gone unheard
      } else if (nonce === 0 && this.attached) {
        // The agent restarted underneath us (crash + respawn): its channels are gone.
        const transport = this.transport!;
        this.detach('the guest agent restarted');
        void this.attach(transport).catch(() => {});
      }
      return;
    }
    if (!this.attached) return; // stale frames from before our HELLO was answered
    if (frame.type === FrameType.pong) {
      const nonce = readU32(frame.payload, 0);
      this.pings.get(nonce)?.(0);
      this.pings.delete(nonce);
      return;
    }
    if (frame.type === FrameType.spare && frame.payload.length >= 16) {
      const nonce = readU32(frame.payload, 0);
      const pid = readU32(frame.payload, 4);
      const status = { pid, heldBytes: readU32(frame.payload, 8), quietMs: readU32(frame.payload, 12) };
      this.spareQueries.get(nonce)?.(pid ? status : undefined);
      this.spareQueries.delete(nonce);
      return;
    }
    this.channels.get(frame.channel)?.handle(frame.type, frame.payload);
  }
}

function execError(code: string, message: string, argv: readonly string[]): Error {
  // The agent says "<stage> <what>: <strerror>".
  if (message.startsWith('chdir ')) return new GuestFileError(code, message.slice(6, message.lastIndexOf(': ')));
  return new GuestFileError(code, argv[0] ?? '');
}

export function join(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
