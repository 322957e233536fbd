/** Reads `length` bytes of the disk image at byte `start` (Node: the build's file; the browser: a Range request). */
export type RangeReader = (start: number, length: number) => Promise<Uint8Array>;

export interface RangeDiskOptions {
  /** Bytes per read from the image, aligned: also the read-ahead of a guest that reads one page at a time. */
  chunkBytes?: number;
  /** Read chunks kept in memory, least recently used dropped first. */
  cacheBytes?: number;
  /** A read failed and is tried again (the guest's disk request waits for it). */
  onReadError?: (error: unknown, attempt: number) => void;
  /** Waits before a failed read is tried again. */
  retryDelayMs?: (attempt: number) => number;
}

export interface RangeDiskStats {
  /** Reads of the image (requests, in the browser). */
  reads: number;
  bytesRead: number;
  /** Guest reads answered from memory. */
  hits: number;
  /** Guest reads that waited for the image. */
  misses: number;
  /** Reads of the image that failed and were tried again. */
  retries: number;
}

export function emptyDiskStats(): RangeDiskStats {
  return { reads: 0, bytesRead: 0, hits: 0, misses: 0, retries: 0 };
}

/** v86 keeps the guest's writes (and nothing else) in its saved state as blocks of this many bytes. */
const BLOCK = 256;
const DEFAULT_CHUNK_BYTES = 256 * 1024;
const DEFAULT_CACHE_BYTES = 96 * 1024 * 1024;

/**
 * The guest's disk for v86: read on demand from the image in aligned chunks, kept in a bounded cache; the guest's
 * writes kept in memory, in the block format of v86's own asynchronous disk buffers, so a saved state carries
 * exactly the written blocks (and states saved with v86's buffer restore here, and the other way round).
 *
 * Why not v86's buffer: it asks for exactly the sectors the guest reads, and keeps none of them. The guest runs with
 * readahead off (its page cache is in the snapshot, docs/vm-runtime.md), so a program's first start is thousands of
 * 4 KB reads, one after another on the one IDE channel. In Node each is a file read; in the browser each was a Range
 * request through the service worker, and a `docker run` waited minutes for its disk under load (processes blocked in
 * `blk_mq_get_tag`). Here one request brings a chunk, the reads after it are memory hits, and a chunk read once is
 * not fetched again while it stays in the cache.
 */
export class RangeDisk {
  readonly byteLength: number;
  onload: ((event: object) => void) | undefined;
  onprogress: ((event: object) => void) | undefined;
  private readonly chunkBytes: number;
  private readonly maxChunks: number;
  /** Read chunks by index; a Map iterates in insertion order, so the first key is the least recently used. */
  private readonly chunks = new Map<number, Uint8Array>();
  private readonly fetching = new Map<number, Promise<Uint8Array>>();
  /** The guest's writes, by block index: v86's state format. */
  private readonly written = new Map<number, Uint8Array>();
  private readonly stats_ = emptyDiskStats();

  constructor(
    size: number,
    private readonly read: RangeReader,
    private readonly options: RangeDiskOptions = {},
  ) {
    this.byteLength = size;
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    if (this.chunkBytes % BLOCK !== 0) throw new Error(`chunkBytes must be a multiple of ${BLOCK}`);
    this.maxChunks = Math.max(1, Math.floor((options.cacheBytes ?? DEFAULT_CACHE_BYTES) / this.chunkBytes));
  }

  get stats(): Readonly<RangeDiskStats> {
    return this.stats_;
  }

  /** v86: the buffer is ready (nothing to load up front). */
  load(): void {
    this.onload?.(Object.create(null) as object);
  }

  /** v86: `length` bytes at `start`, to `done` (at once when every chunk is in memory). */
  get(start: number, length: number, done: (data: Uint8Array) => void): void {
    const cached = this.get_from_cache(start, length);
    if (cached) {
      this.stats_.hits++;
      done(cached);
      return;
    }
    this.stats_.misses++;
    const [first, last] = this.chunkSpan(start, length);
    const wanted: Promise<Uint8Array>[] = [];
    for (let i = first; i <= last; i++) wanted.push(this.chunk(i));
    // The chunks as read, not as cached: a small cache may already have dropped one for a read that came after.
    void Promise.all(wanted).then((bytes) => done(this.assemble(start, length, (i) => bytes[i - first])));
  }

  get_and_cache(start: number, length: number, done: (data: Uint8Array) => void): void {
    this.get(start, length, done);
  }

  /** v86 (the disk's geometry, from its first sector): the bytes if every chunk is in memory. */
  get_from_cache(start: number, length: number): Uint8Array | undefined {
    if (length <= 0) return new Uint8Array(0);
    const [first, last] = this.chunkSpan(start, length);
    for (let i = first; i <= last; i++) if (!this.chunks.has(i) && !this.coveredByWrites(i, start, length)) return;
    return this.assemble(start, length, (i) => this.chunks.get(i));
  }

  /** v86: the guest wrote `data` at `start` (whole sectors). */
  set(start: number, data: Uint8Array, done: () => void): void {
    const firstBlock = start / BLOCK;
    for (let b = 0; b < data.length / BLOCK; b++) {
      const bytes = data.subarray(b * BLOCK, (b + 1) * BLOCK);
      const block = this.written.get(firstBlock + b);
      if (block) block.set(bytes);
      else this.written.set(firstBlock + b, bytes.slice());
    }
    done();
  }

  get_buffer(done: (buffer?: ArrayBuffer) => void): void {
    done(); // never the whole disk
  }

  /** v86's saved state: the written blocks, as `[[index, bytes], ...]` in slot 0 (v86's async buffers' format). */
  get_state(): [Array<[number, Uint8Array]>] {
    return [[...this.written]];
  }

  set_state(state: [Array<[number, Uint8Array]>]): void {
    this.written.clear();
    for (const [index, bytes] of state[0]) this.written.set(index, bytes);
  }

  /** The first and last chunk that [start, start + length) touches. */
  private chunkSpan(start: number, length: number): [number, number] {
    return [Math.floor(start / this.chunkBytes), Math.floor((start + length - 1) / this.chunkBytes)];
  }

  /** A chunk's bytes, from memory or the image; one read per chunk however many guest reads wait for it. */
  private chunk(index: number): Promise<Uint8Array> {
    const cached = this.chunks.get(index);
    if (cached) return Promise.resolve(cached);
    let pending = this.fetching.get(index);
    if (!pending) {
      pending = this.readChunk(index).then((bytes) => {
        this.fetching.delete(index);
        this.keep(index, bytes);
        return bytes;
      });
      this.fetching.set(index, pending);
    }
    return pending;
  }

  private async readChunk(index: number): Promise<Uint8Array> {
    const start = index * this.chunkBytes;
    const length = Math.min(this.chunkBytes, this.byteLength - start);
    for (let attempt = 1; ; attempt++) {
      try {
        const bytes = await this.read(start, length);
        if (bytes.length !== length)
          throw new Error(`the disk image answered ${bytes.length} bytes at ${start}, not ${length}`);
        this.stats_.reads++;
        this.stats_.bytesRead += length;
        return bytes;
      } catch (error) {
        // The guest's request cannot fail softly (an I/O error would break whatever file it reads): try again, as
        // v86's own buffer does, and say so.
        this.stats_.retries++;
        this.options.onReadError?.(error, attempt);
        const delay = (this.options.retryDelayMs ?? defaultRetryDelay)(attempt);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private keep(index: number, bytes: Uint8Array): void {
    this.chunks.set(index, bytes);
    while (this.chunks.size > this.maxChunks) this.chunks.delete(this.chunks.keys().next().value!);
  }

  /** Whether the guest's writes alone cover the part of chunk `index` inside [start, start + length). */
  private coveredByWrites(index: number, start: number, length: number): boolean {
    if (this.written.size === 0) return false;
    const from = Math.max(start, index * this.chunkBytes);
    const to = Math.min(start + length, (index + 1) * this.chunkBytes);
    for (let b = Math.floor(from / BLOCK); b * BLOCK < to; b++) if (!this.written.has(b)) return false;
    return true;
  }

  /** The bytes at [start, start + length): the read chunks (marked recently used) under the guest's writes. */
  private assemble(start: number, length: number, chunkAt: (index: number) => Uint8Array | undefined): Uint8Array {
    const end = start + length;
    const out = new Uint8Array(length);
    const [first, last] = this.chunkSpan(start, length);
    for (let i = first; i <= last; i++) {
      const bytes = chunkAt(i);
      if (!bytes) continue; // wholly written over (coveredByWrites)
      if (this.chunks.delete(i)) this.chunks.set(i, bytes);
      const chunkStart = i * this.chunkBytes;
      const from = Math.max(start, chunkStart);
      const to = Math.min(end, chunkStart + bytes.length);
      out.set(bytes.subarray(from - chunkStart, to - chunkStart), from - start);
    }
    if (this.written.size > 0) {
      for (let b = Math.floor(start / BLOCK); b * BLOCK < end; b++) {
        const block = this.written.get(b);
        if (!block) continue;
        const from = Math.max(start, b * BLOCK);
        const to = Math.min(end, (b + 1) * BLOCK);
        out.set(block.subarray(from - b * BLOCK, to - b * BLOCK), from - start);
      }
    }
    return out;
  }
}

function defaultRetryDelay(attempt: number): number {
  return Math.min(5000, 250 * 2 ** (attempt - 1));
}
