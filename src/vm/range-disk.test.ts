import { describe, expect, it } from 'vitest';
import { RangeDisk } from './range-disk.js';

const SIZE = 64 * 1024;
/** The image's byte at `offset`. */
const imageByte = (offset: number) => (offset * 7 + 3) % 256;

/** An image whose reads are recorded and answered when `release()` says so (or at once). */
function image(options: { held?: boolean; failFirst?: number } = {}) {
  const reads: [number, number][] = [];
  const waiting: (() => void)[] = [];
  let failures = options.failFirst ?? 0;
  const read = async (start: number, length: number) => {
    reads.push([start, length]);
    if (options.held) await new Promise<void>((resolve) => waiting.push(resolve));
    if (failures > 0) {
      failures--;
      throw new Error('connection reset');
    }
    return Uint8Array.from({ length }, (_, i) => imageByte(start + i));
  };
  return { reads, read, release: () => waiting.splice(0).forEach((resolve) => resolve()) };
}

const get = (disk: RangeDisk, start: number, length: number) =>
  new Promise<Uint8Array>((resolve) => disk.get(start, length, resolve));
const expected = (start: number, length: number) => Array.from({ length }, (_, i) => imageByte(start + i));

describe('RangeDisk', () => {
  it('reads whole aligned chunks, and answers the reads inside them from memory', async () => {
    const img = image();
    const disk = new RangeDisk(SIZE, img.read, { chunkBytes: 4096 });
    expect([...(await get(disk, 4096 + 512, 1024))]).toEqual(expected(4096 + 512, 1024));
    expect(img.reads).toEqual([[4096, 4096]]);
    // A read across a chunk boundary brings only the chunk not in memory yet.
    expect([...(await get(disk, 8192 - 512, 1024))]).toEqual(expected(8192 - 512, 1024));
    expect(img.reads).toEqual([
      [4096, 4096],
      [8192, 4096],
    ]);
    // Both chunks are in memory now: the answer comes at once, without a read.
    let answered: Uint8Array | undefined;
    disk.get(4096, 8192, (data) => (answered = data));
    expect(answered && [...answered]).toEqual(expected(4096, 8192));
    expect(img.reads).toHaveLength(2);
    expect(disk.stats).toMatchObject({ reads: 2, bytesRead: 8192, hits: 1, misses: 2 });
  });

  it('reads a chunk once however many guest reads wait for it', async () => {
    const img = image({ held: true });
    const disk = new RangeDisk(SIZE, img.read, { chunkBytes: 4096 });
    const a = get(disk, 0, 512);
    const b = get(disk, 1024, 512);
    img.release();
    expect([...(await a)]).toEqual(expected(0, 512));
    expect([...(await b)]).toEqual(expected(1024, 512));
    expect(img.reads).toEqual([[0, 4096]]);
  });

  it('keeps at most its cache of chunks, dropping the least recently used', async () => {
    const img = image();
    const disk = new RangeDisk(SIZE, img.read, { chunkBytes: 4096, cacheBytes: 2 * 4096 });
    await get(disk, 0, 512); // chunk 0
    await get(disk, 4096, 512); // chunk 1
    await get(disk, 0, 512); // chunk 0 used again: chunk 1 is now the oldest
    await get(disk, 8192, 512); // chunk 2 drops chunk 1
    expect(img.reads.map(([start]) => start / 4096)).toEqual([0, 1, 2]);
    await get(disk, 0, 512);
    expect(img.reads).toHaveLength(3);
    expect([...(await get(disk, 4096, 512))]).toEqual(expected(4096, 512));
    expect(img.reads.map(([start]) => start / 4096)).toEqual([0, 1, 2, 1]);
  });

  it('answers a read with its chunks as read, even when a tiny cache already dropped one of them', async () => {
    const img = image({ held: true });
    const disk = new RangeDisk(SIZE, img.read, { chunkBytes: 4096, cacheBytes: 4096 });
    const across = get(disk, 4096 - 512, 1024); // chunks 0 and 1: only one fits in the cache
    img.release();
    expect([...(await across)]).toEqual(expected(4096 - 512, 1024));
  });

  it('shows the guest its writes over the image, and saves exactly the written blocks in v86’s format', async () => {
    const img = image();
    const disk = new RangeDisk(SIZE, img.read, { chunkBytes: 4096 });
    const written = new Uint8Array(512).fill(0xee);
    await new Promise<void>((resolve) => disk.set(1024, written, resolve));
    const data = await get(disk, 512, 1536);
    expect([...data.subarray(0, 512)]).toEqual(expected(512, 512));
    expect([...data.subarray(512, 1024)]).toEqual(new Array(512).fill(0xee));
    expect([...data.subarray(1024)]).toEqual(expected(1536, 512));
    const [blocks] = disk.get_state();
    expect(blocks.map(([index]) => index)).toEqual([4, 5]); // 256-byte blocks 4 and 5: bytes 1024-1535
    // A VM restored from that state reads the same, from another instance.
    const restored = new RangeDisk(SIZE, image().read, { chunkBytes: 4096 });
    restored.set_state([blocks.map(([index, bytes]) => [index, bytes.slice()] as [number, Uint8Array])]);
    expect([...(await get(restored, 512, 1536))]).toEqual([...data]);
  });

  it('needs no read for a range the guest wrote whole', async () => {
    const img = image();
    const disk = new RangeDisk(SIZE, img.read, { chunkBytes: 4096 });
    await new Promise<void>((resolve) => disk.set(8192, new Uint8Array(4096).fill(1), resolve));
    expect(disk.get_from_cache(8192, 4096)).toEqual(new Uint8Array(4096).fill(1));
    expect(disk.get_from_cache(0, 512)).toBeUndefined(); // not read yet
    expect(img.reads).toHaveLength(0);
  });

  it('tries a failed read again, and says so, instead of failing the guest’s disk request', async () => {
    const img = image({ failFirst: 2 });
    const errors: number[] = [];
    const disk = new RangeDisk(SIZE, img.read, {
      chunkBytes: 4096,
      onReadError: (_, attempt) => errors.push(attempt),
      retryDelayMs: () => 1,
    });
    expect([...(await get(disk, 0, 512))]).toEqual(expected(0, 512));
    expect(errors).toEqual([1, 2]);
    expect(img.reads).toHaveLength(3);
    expect(disk.stats.retries).toBe(2);
  });

  it('refuses a short answer from the image as a failed read', async () => {
    let calls = 0;
    const errors: string[] = [];
    const disk = new RangeDisk(
      SIZE,
      async (start, length) => (calls++ === 0 ? new Uint8Array(10) : new Uint8Array(length).fill(start % 256)),
      { chunkBytes: 4096, retryDelayMs: () => 1, onReadError: (e) => errors.push(String(e)) },
    );
    expect((await get(disk, 0, 512)).length).toBe(512);
    expect(errors).toEqual(['Error: the disk image answered 10 bytes at 0, not 4096']);
  });
});
