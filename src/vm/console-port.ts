import type { V86 } from 'v86';
import type { Disposable } from '../protocol/byte-stream.js';
import type { AgentTransport } from './agent/transport.js';
import { consoleReceiveQueue, listen, type VirtQueue } from './v86-internals.js';

/**
 * A virtio-console port as a byte transport. v86 drops host->guest bytes when the guest has no receive buffer
 * posted, so writes queue here and are copied into the guest's buffers as it posts them (Linux posts page-sized
 * ones), polling while anything is pending: there is no event for "the guest posted a buffer".
 */
export class ConsolePortTransport implements AgentTransport {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly queue: VirtQueue;
  private readonly listeners = new Set<(data: Uint8Array) => void>();
  private readonly unlisten: () => void;
  private disposed = false;

  constructor(emulator: V86, port = 1) {
    this.queue = consoleReceiveQueue(emulator, port);
    this.unlisten = listen<Uint8Array>(emulator, `virtio-console${port}-output-bytes`, (bytes) => {
      // v86 hands us a fresh copy per guest buffer; deliver as is.
      for (const l of this.listeners) l(bytes);
      if (this.pendingBytes) this.pump(); // the guest is running: a good moment to feed it
    });
  }

  /** Bytes written but not yet taken by the guest. */
  get backlog(): number {
    return this.pendingBytes;
  }

  write(data: Uint8Array): void {
    if (this.disposed || data.length === 0) return;
    this.pending.push(data.slice());
    this.pendingBytes += data.length;
    this.pump();
  }

  onData(listener: (data: Uint8Array) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  dispose(): void {
    this.disposed = true;
    this.unlisten();
    clearTimeout(this.timer);
    this.pending = [];
    this.pendingBytes = 0;
  }

  private pump(): void {
    if (this.disposed) return;
    while (this.pending.length && this.queue.is_configured() && this.queue.has_request()) {
      const chain = this.queue.pop_request();
      const room = chain.length_writable;
      const chunk = this.take(room);
      chain.set_next_blob(chunk);
      this.queue.push_reply(chain);
      this.queue.flush_replies();
    }
    if (this.pending.length && this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, 2);
    }
  }

  private take(max: number): Uint8Array {
    const out = new Uint8Array(Math.min(max, this.pendingBytes));
    let off = 0;
    while (off < out.length) {
      const head = this.pending[0]!;
      const n = Math.min(head.length, out.length - off);
      out.set(head.subarray(0, n), off);
      off += n;
      if (n === head.length) this.pending.shift();
      else this.pending[0] = head.subarray(n);
    }
    this.pendingBytes -= out.length;
    return out;
  }
}
