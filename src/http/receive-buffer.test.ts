import { describe, expect, it } from 'vitest';
import { ReceiveBuffer } from './receive-buffer.js';

describe('ReceiveBuffer', () => {
  it('keeps unread bytes in order across appends and partial consumes', () => {
    const b = new ReceiveBuffer();
    b.append(new Uint8Array([1, 2, 3]));
    b.append(new Uint8Array([4, 5]));
    expect([...b.view()]).toEqual([1, 2, 3, 4, 5]);
    b.consume(2);
    b.append(new Uint8Array([6]));
    expect([...b.view()]).toEqual([3, 4, 5, 6]);
    expect([...b.takeAll()]).toEqual([3, 4, 5, 6]);
    expect(b.length).toBe(0);
  });

  it('appends many small packets in linear time (a 16 MB message in 1-byte-to-1-KB packets)', () => {
    const b = new ReceiveBuffer();
    const packet = new Uint8Array(1024).fill(7);
    const started = performance.now();
    for (let i = 0; i < 16 * 1024; i++) b.append(packet);
    for (let i = 0; i < 100_000; i++) b.append(packet.subarray(0, 1));
    expect(b.length).toBe(16 * 1024 * 1024 + 100_000);
    expect(performance.now() - started).toBeLessThan(1000);
    b.consume(b.length);
    expect(b.length).toBe(0);
  });
});
