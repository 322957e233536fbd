import { httpRequest } from '../http/client.js';
import { GuestFileError, type GuestLink } from '../protocol/guest-link.js';
import type { ByteStream } from '../protocol/byte-stream.js';
import { GUEST_IP } from '../protocol/network.js';
import type { PreviewRequest } from '../protocol/worker-api.js';
import type { PreviewReply } from '../protocol/worker-events.js';
import { HOP_BY_HOP } from '../protocol/preview-relay.js';

/**
 * On the way in, besides the hop-by-hop headers: Accept-Encoding, so the guest app answers uncompressed (the relay
 * sends the body as it got it, with the app's headers), and Host (the guest's own is set).
 */
const DROP_REQUEST = new Set([...HOP_BY_HOP, 'accept-encoding', 'host']);

/**
 * Connect errors that mean "not yet" rather than "never": the port shows up in the list as soon as Docker publishes
 * it, while the app in the container is still starting (ECONNREFUSED) or the container's bridge link is not
 * answering ARP yet (EHOSTUNREACH, seen for the first seconds after `docker run -d` in the emulator).
 */
const NOT_YET = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);

export interface PreviewOptions {
  /** How long to keep retrying a port that is not answering yet. @default 20000 */
  retryMs?: number;
  /** Pause between attempts. @default 1000 */
  retryEveryMs?: number;
}

/**
 * Forwards one preview request (from the preview relay, through the page) to a guest TCP port as HTTP/1.1 and streams the answer
 * back on the request's reply port. The page cannot open TCP to the guest; the guest link can.
 */
export async function forwardPreview(
  guest: GuestLink,
  req: PreviewRequest,
  options: PreviewOptions = {},
): Promise<void> {
  const reply = (message: PreviewReply, transfer: Transferable[] = []) => req.reply.postMessage(message, transfer);
  try {
    const stream = await connectWhenUp(guest, req.guestPort, options);
    const headers: Record<string, string> = { Host: `localhost:${req.guestPort}` };
    for (const [name, value] of req.headers) if (!DROP_REQUEST.has(name.toLowerCase())) headers[name] = value;
    const body = req.body && req.body.byteLength ? new Uint8Array(req.body) : undefined;
    if (body) headers['Content-Length'] = String(body.length);
    const res = await httpRequest(stream, { method: req.method, path: req.path, headers, body });
    const out: [string, string][] = [];
    for (const [name, value] of res.headers) if (!HOP_BY_HOP.has(name.toLowerCase())) out.push([name, value]);
    reply({ type: 'head', status: res.status, statusText: res.reason, headers: out });
    for await (const chunk of res.body) {
      const copy = chunk.slice();
      reply({ type: 'body', chunk: copy }, [copy.buffer]);
    }
    reply({ type: 'end' });
    stream.close();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    reply({ type: 'error', status: 502, message: `nothing answered on guest port ${req.guestPort}: ${message}` });
  } finally {
    req.reply.close();
  }
}

/** Open a TCP stream to the guest port, retrying while the app behind it is still coming up. */
async function connectWhenUp(guest: GuestLink, port: number, options: PreviewOptions): Promise<ByteStream> {
  const deadline = Date.now() + (options.retryMs ?? 20_000);
  for (;;) {
    try {
      // The guest's own address, not loopback: Docker-published ports and NodePorts are NAT rules for local
      // addresses, and loopback DNAT is not guaranteed; a server bound to 0.0.0.0 answers on it too.
      return await guest.connect({ tcp: { host: GUEST_IP, port } });
    } catch (error) {
      const retry = error instanceof GuestFileError && NOT_YET.has(error.code) && Date.now() < deadline;
      if (!retry) throw error;
      await new Promise((r) => setTimeout(r, options.retryEveryMs ?? 1000));
    }
  }
}
