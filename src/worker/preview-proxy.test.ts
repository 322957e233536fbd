import { describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { GuestFileError } from '../protocol/guest-link.js';
import type { PreviewRequest } from '../protocol/worker-api.js';
import type { PreviewReply } from '../protocol/worker-events.js';
import { createStreamPair } from '../http/stream-pair.js';
import { forwardPreview } from './preview-proxy.js';
import { FakeGuest } from './testing/fake-guest.js';

const enc = new TextEncoder();

/** Send one GET through forwardPreview and collect every reply until the end (or an error). */
async function preview(guest: FakeGuest, retryMs: number): Promise<PreviewReply[]> {
  const channel = new MessageChannel();
  const replies: PreviewReply[] = [];
  const done = new Promise<void>((resolve) =>
    channel.port2.on('message', (m: PreviewReply) => {
      replies.push(m);
      if (m.type === 'end' || m.type === 'error') resolve();
    }),
  );
  const req = { guestPort: 8080, method: 'GET', path: '/', headers: [], reply: channel.port1 };
  await forwardPreview(guest, req as unknown as PreviewRequest, { retryMs, retryEveryMs: 10 });
  await done;
  channel.port2.close();
  return replies;
}

/** A guest whose port refuses `failures` connections with `code`, then answers with a tiny page. */
function startingApp(code: string, failures: number): { guest: FakeGuest; attempts: () => number } {
  const guest = new FakeGuest();
  let attempts = 0;
  guest.connectHandler = async () => {
    attempts++;
    if (attempts <= failures) throw new GuestFileError(code, '192.168.86.100:8080');
    const [ours, theirs] = createStreamPair();
    theirs.onData(() => {
      theirs.write(enc.encode('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nready'));
      theirs.end();
    });
    return ours;
  };
  return { guest, attempts: () => attempts };
}

describe('forwardPreview', () => {
  it.each(['EHOSTUNREACH', 'ECONNREFUSED'])('waits for a port that answers %s right after it opened', async (code) => {
    const app = startingApp(code, 3);
    const replies = await preview(app.guest, 5000);
    expect(app.attempts()).toBe(4);
    expect(replies[0]).toMatchObject({ type: 'head', status: 200 });
    expect(replies.at(-1)).toEqual({ type: 'end' });
  });

  it('gives up with a 502 naming the port and the error once the retry window has passed', async () => {
    const app = startingApp('ECONNREFUSED', Infinity);
    const replies = await preview(app.guest, 100);
    expect(app.attempts()).toBeGreaterThan(1);
    expect(replies).toEqual([
      { type: 'error', status: 502, message: 'nothing answered on guest port 8080: ECONNREFUSED: 192.168.86.100:8080' },
    ]);
  });

  it('does not retry errors that will not go away', async () => {
    const app = startingApp('EACCES', Infinity);
    const replies = await preview(app.guest, 5000);
    expect(app.attempts()).toBe(1);
    expect(replies[0]).toMatchObject({ type: 'error', status: 502 });
  });
});
