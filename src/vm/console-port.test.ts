import { describe, expect, it } from 'vitest';
import type { V86 } from 'v86';
import { ConsolePortTransport } from './console-port.js';
import type { VirtQueue, VirtQueueChain } from './v86-internals.js';

/** Stands in for v86's receive virtqueue: the guest posts `posted` buffers of `size` bytes. */
function fakeEmulator(size: number) {
  const delivered: Uint8Array[] = [];
  let posted = 0;
  const queue: VirtQueue = {
    is_configured: () => true,
    has_request: () => posted > 0,
    pop_request: (): VirtQueueChain => {
      posted--;
      return { length_writable: size, set_next_blob: (d) => (delivered.push(d.slice()), d.length) };
    },
    push_reply: () => {},
    flush_replies: () => {},
  };
  const queues: VirtQueue[] = [];
  queues[4] = queue;
  const emulator = {
    v86: { cpu: { devices: { virtio_console: { virtio: { queues } } } } },
    add_listener: () => {},
    remove_listener: () => {},
  } as unknown as V86;
  return { emulator, delivered, post: (n: number) => (posted += n) };
}

describe('ConsolePortTransport', () => {
  it('holds bytes until the guest posts buffers and fills each one up to its size', async () => {
    const fake = fakeEmulator(4096);
    const port = new ConsolePortTransport(fake.emulator, 1);
    const data = new Uint8Array(10_000).map((_, i) => i & 0xff);
    port.write(data);
    expect(fake.delivered).toHaveLength(0); // no buffer posted: nothing may be handed to v86 (it would drop it)
    expect(port.backlog).toBe(10_000);
    fake.post(2);
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.delivered.map((d) => d.length)).toEqual([4096, 4096]);
    fake.post(5);
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.delivered.map((d) => d.length)).toEqual([4096, 4096, 1808]);
    const joined = Buffer.concat(fake.delivered);
    expect(Buffer.compare(joined, Buffer.from(data))).toBe(0);
    expect(port.backlog).toBe(0);
    port.dispose();
  });
});
