import { DATA_CHUNK, FrameType, WINDOW, readI32, readU32, u32 } from './frame.js';
import { BufferedEmitter, OnceEvent } from './emitter.js';

export type SendFrame = (type: number, channel: number, payload?: Uint8Array) => void;

/** Why a channel ended, as the agent (or the link) reported it. */
export interface ChannelEnd {
  exit?: { exitCode: number; signal?: number };
  error?: Error;
}

const decoder = new TextDecoder();

/**
 * One multiplexed stream to the agent: an exec, a socket, a file transfer. Sends respect the agent's credit window;
 * received bytes are credited back once a listener consumed them.
 */
export class Channel {
  readonly stdout: BufferedEmitter<Uint8Array>;
  readonly stderr: BufferedEmitter<Uint8Array>;
  /** The peer sent EOF on the main stream. */
  readonly eof = new OnceEvent<void>();
  /** The channel is gone (CLOSE, exit, error or link loss). */
  readonly ended = new OnceEvent<ChannelEnd>();
  private readonly openWaiters: Array<{ resolve: (pid: number) => void; reject: (e: Error) => void }> = [];
  private opened = false;
  private credit = WINDOW;
  private queue: Uint8Array[] = [];
  private eofQueued = false;
  private eofSent = false;
  private owed = 0;
  private exit: { exitCode: number; signal?: number } | undefined;
  closed = false;

  constructor(
    readonly id: number,
    private readonly send: SendFrame,
    /** Turns an agent ERROR (errno name + message) into the error callers see. */
    private readonly makeError: (code: string, message: string) => Error,
    private readonly onGone: (channel: Channel) => void,
  ) {
    const consumed = (bytes: Uint8Array) => this.consumed(bytes.length);
    this.stdout = new BufferedEmitter(consumed);
    this.stderr = new BufferedEmitter(consumed);
  }

  /** Resolves with the pid (exec) or 0 once the agent opened the channel. */
  whenOpen(): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.opened) resolve(0);
      else this.openWaiters.push({ resolve, reject });
    });
  }

  write(data: Uint8Array): void {
    if (this.closed || this.eofQueued || data.length === 0) return;
    for (let off = 0; off < data.length; off += DATA_CHUNK) this.queue.push(data.subarray(off, off + DATA_CHUNK));
    this.flush();
  }

  end(): void {
    if (this.closed || this.eofQueued) return;
    this.eofQueued = true;
    this.flush();
  }

  /** Tear down from the host side (the agent kills an exec's process group). */
  abort(error?: Error): void {
    if (this.closed) return;
    this.send(FrameType.close, this.id);
    this.finish(error ? { error } : {});
  }

  handle(type: number, payload: Uint8Array): void {
    switch (type) {
      case FrameType.opened: {
        this.opened = true;
        const pid = payload.length >= 4 ? readU32(payload, 0) : 0;
        for (const w of this.openWaiters.splice(0)) w.resolve(pid);
        break;
      }
      case FrameType.error: {
        const nul = payload.indexOf(0);
        const code = decoder.decode(payload.subarray(0, nul < 0 ? payload.length : nul));
        const message = nul < 0 ? '' : decoder.decode(payload.subarray(nul + 1));
        this.fail(this.makeError(code, message));
        break;
      }
      case FrameType.data:
        this.stdout.emit(payload);
        break;
      case FrameType.stderr:
        this.stderr.emit(payload);
        break;
      case FrameType.eof:
        this.eof.emit();
        break;
      case FrameType.credit:
        this.credit += readU32(payload, 0);
        this.flush();
        break;
      case FrameType.exit: {
        const exitCode = readI32(payload, 0);
        const signal = readI32(payload, 4);
        this.exit = signal ? { exitCode, signal } : { exitCode };
        break;
      }
      case FrameType.close:
        this.closed = true;
        this.finish(this.exit ? { exit: this.exit } : {});
        break;
    }
  }

  /** The link went away or the open failed: everyone waiting hears `error`. */
  fail(error: Error): void {
    for (const w of this.openWaiters.splice(0)) w.reject(error);
    this.finish({ error });
  }

  private finish(end: ChannelEnd): void {
    this.closed = true;
    this.queue = [];
    this.eof.emit();
    this.ended.emit(end);
    this.onGone(this);
  }

  private flush(): void {
    while (this.queue.length && this.credit > 0) {
      let chunk = this.queue[0]!;
      if (chunk.length > this.credit) {
        this.queue[0] = chunk.subarray(this.credit);
        chunk = chunk.subarray(0, this.credit);
      } else {
        this.queue.shift();
      }
      this.credit -= chunk.length;
      this.send(FrameType.data, this.id, chunk);
    }
    if (this.eofQueued && !this.eofSent && this.queue.length === 0) {
      this.eofSent = true;
      this.send(FrameType.eof, this.id);
    }
  }

  private consumed(n: number): void {
    if (this.closed) return;
    this.owed += n;
    if (this.owed >= WINDOW / 4) {
      this.send(FrameType.credit, this.id, u32(this.owed));
      this.owed = 0;
    }
  }
}
