import type { V86 } from 'v86';
import type { ByteStream, Disposable } from '../protocol/byte-stream.js';
import { OnceEvent } from './agent/emitter.js';

/**
 * The guest's first serial port as a ByteStream that survives restarts. v86 reports output one byte per event;
 * bytes are batched per macrotask so listeners get chunks. A rolling tail is kept for crash reports.
 */
export class SerialStream implements ByteStream {
  private emulator: V86 | undefined;
  private batch: number[] = [];
  private scheduled = false;
  private readonly listeners = new Set<(data: Uint8Array) => void>();
  private readonly ended = new OnceEvent<void>();
  private readonly closed = new OnceEvent<Error | undefined>();
  private tailText = '';
  private readonly onByte = (byte: number) => {
    this.batch.push(byte);
    if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(() => this.flush(), 0);
    }
  };

  bind(emulator: V86): void {
    this.unbind();
    this.emulator = emulator;
    emulator.add_listener('serial0-output-byte', this.onByte);
  }

  unbind(): void {
    this.emulator?.remove_listener('serial0-output-byte', this.onByte);
    this.emulator = undefined;
  }

  /** The last few KB of console output (for "the guest crashed" reports). */
  tail(): string {
    return this.tailText;
  }

  write(data: Uint8Array): void {
    this.emulator?.serial_send_bytes(0, data);
  }
  end(): void {}
  close(): void {
    this.unbind();
    this.ended.emit();
    this.closed.emit(undefined);
  }
  onData(listener: (data: Uint8Array) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  onEnd(listener: () => void): Disposable {
    return this.ended.on(listener);
  }
  onClose(listener: (error?: Error) => void): Disposable {
    return this.closed.on(listener);
  }

  /** Called with each decoded chunk (the VM scans it for kernel panics). */
  onText?: (text: string) => void;

  private flush(): void {
    this.scheduled = false;
    const bytes = Uint8Array.from(this.batch);
    this.batch = [];
    for (const l of this.listeners) l(bytes);
    const text = new TextDecoder().decode(bytes);
    this.tailText = (this.tailText + text).slice(-4096);
    this.onText?.(text);
  }
}
