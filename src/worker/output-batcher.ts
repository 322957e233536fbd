import { concatBytes } from '../protocol/bytes.js';

/**
 * Collects a stream's small chunks and hands them on in batches: a busy terminal (`seq 1 20000`) produces thousands
 * of tiny PTY reads, and one postMessage per read would flood the page. A batch goes out after `delayMs` or once
 * `maxBytes` have piled up, whichever comes first; keystroke echoes therefore wait at most `delayMs`.
 */
export class OutputBatcher {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly flushTo: (data: Uint8Array) => void,
    private readonly delayMs = 4,
    private readonly maxBytes = 64 * 1024,
  ) {}

  push(data: Uint8Array): void {
    if (data.length === 0) return;
    // Copy: the producer may reuse its buffer after the call.
    this.chunks.push(data.slice());
    this.size += data.length;
    if (this.size >= this.maxBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.size === 0) return;
    const out = concatBytes(this.chunks);
    this.chunks = [];
    this.size = 0;
    this.flushTo(out);
  }
}
