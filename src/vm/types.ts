import type { ByteStream, Disposable } from '../protocol/byte-stream.js';
import type { GuestLink, SpareProcesses } from '../protocol/guest-link.js';
import type { HostNetwork } from '../protocol/network.js';
import type { VmEvent, VmEventListener } from '../protocol/vm-events.js';
import type { VmAssets } from './assets.js';
import type { VmManifest } from './manifest.js';

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
  /** v86 `disable_jit` (measured trade-off: faster first commands, slower repeated work). @default false */
  disableJit?: boolean;
  /** Progress and lifecycle events (also available later through `onEvent`). */
  onEvent?: VmEventListener;
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
  /** Bytes loaded so far (start-up files plus disk blocks read). */
  bytesLoaded(): number;
  /**
   * Start the background warm-up now (with `warmUp: 'manual'`); once per restore, a no-op otherwise. Before each
   * step it awaits `idle` when given (the playground: until the learner is not running a command).
   */
  warmUp(idle?: () => Promise<void>): void;
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
