import type { ByteStream, Disposable } from '../protocol/byte-stream.js';
import type { GuestLink, SpareProcesses } from '../protocol/guest-link.js';
import type { HostNetwork } from '../protocol/network.js';
import type { VmEvent, VmEventListener } from '../protocol/vm-events.js';
import type { VmAssets } from './assets.js';
import type { JitCompileMode, JitStats } from './jit-compiler.js';
import type { JitModuleTuning } from './jit-module-size.js';
import type { VmManifest } from './manifest.js';
import type { RangeDiskStats } from './range-disk.js';

export interface VmStartOptions {
  /** The build's files (see `nodeAssets` for Node, `urlAssets` for the browser). */
  assets: VmAssets;
  /** `snapshot` restores the pre-booted state (fails clearly if the build has none); `cold` boots the kernel.
   * @default "snapshot" when the manifest has one, else "cold" */
  boot?: 'snapshot' | 'cold';
  /** Run the first docker/kubectl commands in the background after a restore, so the learner's first ones are fast.
   * `manual` waits for `warmUp()`: the playground calls it once the first shell prompt is on screen, because the
   * guest has one CPU and a warm-up running beside the login shell delays that prompt by seconds.
   * @default true */
  warmUp?: boolean | 'manual';
  /** Give up waiting for the guest agent after this long. @default 30000 for a restore, 300000 for a cold boot */
  readyTimeoutMs?: number;
  /** Report `crashed` when the agent does not answer a ping for this long. @default 30000 */
  hangTimeoutMs?: number;
  /**
   * v86 `disable_jit`: run the guest in v86's interpreter only. Measured trade-off (docs/benchmarks.md): in Node the
   * JIT makes repeated work 2-4x faster; in Chromium on two cores compiling its code costs more than it saves, so
   * the browser worker turns it off. Also skips the warm-up (it only exists to compile). @default false
   */
  disableJit?: boolean;
  /** How v86's generated wasm modules are compiled (see jit-compiler.ts). @default "async" */
  jitCompile?: JitCompileMode;
  /**
   * Experiments (the bare bench page takes them as `?tuning=`): other numbers for the JIT's module-size policy,
   * v86's MAX_EXTRA_BASIC_BLOCKS.
   */
  jitTuning?: Partial<JitModuleTuning> & { extraBasicBlocks?: number };
  /**
   * When v86's JIT compiles new modules: `always`, or only while the warm-up's commands run (`warm-up`): the
   * learner's own commands then run on what the warm-up compiled, and never wait for V8's compiles. The browser
   * worker uses `warm-up` (jit-switch.ts, docs/benchmarks.md). @default "always"
   */
  jitCompiles?: 'always' | 'warm-up';
  /** v86 compiles no more than this many modules after a start (what it compiled keeps running). @default Infinity */
  jitModuleBudget?: number;
  /**
   * The disk image's read cache and chunk size (range-disk.ts): the browser reads each chunk with one request.
   * @default 256 KiB chunks, 96 MiB cache
   */
  disk?: { chunkBytes?: number; cacheBytes?: number };
  /** Progress and lifecycle events (also available later through `onEvent`). */
  onEvent?: VmEventListener;
  /** What went wrong on the way and was recovered from (a disk read tried again). */
  log?: (message: string) => void;
}

/** A running guest VM. */
export interface WharfVm {
  readonly manifest: VmManifest;
  /** Commands, files and guest sockets (via wharf-agent). Survives `restart()`: calls in flight then reject. */
  readonly link: GuestLink & SpareProcesses;
  /** Guest-initiated TCP to 192.168.86.1:<port> is handed to the listener registered for that port. */
  readonly network: VmNetwork;
  /** The guest's serial console (kernel messages, the init script's output; a root shell when the image has one). */
  readonly serial: ByteStream;
  onEvent(listener: VmEventListener): Disposable;
  /** The last lifecycle event (e.g. `ready`, `crashed`). */
  readonly state: VmEvent['type'];
  /** Bytes loaded so far: the start-up files, and the disk's chunks read from the image (in the browser: fetched). */
  bytesLoaded(): number;
  /** What v86's JIT compiled since the last (re)start, and how long v86 waited for it. */
  jitStats(): JitStats;
  /** How the guest's disk reads were served since the last (re)start: from memory, or read from the image. */
  diskStats(): RangeDiskStats;
  /**
   * Start the background warm-up now (with `warmUp: 'manual'`); once per restore, a no-op otherwise. Before each
   * step it awaits `idle` when given (the playground: until the learner is not running a command).
   */
  warmUp(idle?: () => Promise<void>): void;
  /** A warm-up is still to come (restored, warm-up not off, the JIT on, not started yet). */
  willWarmUp(): boolean;
  /**
   * With `jitCompiles: 'warm-up'`: stop compiling now, until the warm-up's next step (the learner started a command
   * during a step). A no-op otherwise.
   */
  pauseJit(): void;
  /** v86's raw state (uncompressed), e.g. for a learner's "save my work". */
  saveState(): Promise<Uint8Array>;
  /** Throw the current guest away and restore the snapshot again (or cold boot without one). */
  restart(): Promise<void>;
  /** Stop the emulator and free it. Pending link calls reject with GuestLinkClosedError. */
  destroy(): Promise<void>;
}

export interface VmNetwork extends HostNetwork {
  /** Open a TCP connection from the host into the guest (192.168.86.100:<port>). */
  connectGuestTcp(port: number): Promise<ByteStream>;
}

/** The VM could not start: missing files, a snapshot that does not match its disk, a corrupt state, a timeout. */
export class VmStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VmStartError';
  }
}
