/**
 * Bytes received but not parsed yet. Appending copies each packet once into spare room that doubles when full, so a
 * peer that sends a large message in many small packets costs linear time, not a copy of everything so far per
 * packet (which made 8 MB pipelined behind a busy request cost over a minute of CPU).
 */
const RETAINED_BYTES = 64 * 1024;

export class ReceiveBuffer {
  private storage = new Uint8Array(0);
  private start = 0;
  private end = 0;

  /** Unread bytes. */
  get length(): number {
    return this.end - this.start;
  }

  append(data: Uint8Array): void {
    if (data.length === 0) return;
    if (this.end + data.length > this.storage.length) this.makeRoom(data.length);
    this.storage.set(data, this.end);
    this.end += data.length;
  }

  /** The unread bytes, without copying (valid until the next append or consume). */
  view(): Uint8Array {
    return this.storage.subarray(this.start, this.end);
  }

  /** Drop `n` bytes from the front (they were parsed). */
  consume(n: number): void {
    this.start = Math.min(this.end, this.start + n);
    if (this.start < this.end) return;
    this.start = this.end = 0;
    // An idle connection should not keep the room a large message needed.
    if (this.storage.length > RETAINED_BYTES) this.storage = new Uint8Array(0);
  }

  /** Take every unread byte out (a copy), leaving the buffer empty. */
  takeAll(): Uint8Array {
    const out = this.view().slice();
    this.consume(out.length);
    return out;
  }

  private makeRoom(extra: number): void {
    const unread = this.length;
    const needed = unread + extra;
    // Reuse the space in front when it is enough; otherwise grow to at least double.
    const target =
      needed <= this.storage.length / 2
        ? this.storage
        : new Uint8Array(Math.max(needed, this.storage.length * 2, 1024));
    target.set(this.storage.subarray(this.start, this.end), 0);
    this.storage = target;
    this.start = 0;
    this.end = unread;
  }
}
