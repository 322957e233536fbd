import {
  PREVIEW_CONNECT_PATH,
  PREVIEW_REPLY_PATH,
  parseRelayedRequest,
  type RelayedHead,
  type RelayedRequest,
} from '../../protocol/preview-relay.js';
import type { PreviewRequest } from '../../protocol/worker-api.js';
import type { PreviewReply } from '../../protocol/worker-events.js';

const RECONNECT_MS = 2000;

/**
 * The page's side of the preview origin: it opens a session with the Wharf server (an event stream of requests
 * for guest ports), has the VM worker answer each one, and posts the answer back. The previewed page itself runs
 * on another origin and never talks to this page.
 */
export class PreviewRelayClient {
  /** Part of every preview's host name: which page (which VM) answers it. */
  readonly session = randomSession();
  private readonly listeners = new Set<(connected: boolean) => void>();
  private connected = false;

  constructor(private readonly forward: (request: PreviewRequest) => void) {}

  get isConnected(): boolean {
    return this.connected;
  }

  onState(listener: (connected: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    const events = new EventSource(`${PREVIEW_CONNECT_PATH}?session=${this.session}`);
    events.onopen = () => this.setConnected(true);
    events.onmessage = (e: MessageEvent<string>) => this.answer(e.data);
    events.onerror = () => {
      this.setConnected(false);
      // EventSource retries a dropped stream by itself, but gives up on an error status (a server without the
      // relay, or one that still holds the old stream): try again a little later.
      if (events.readyState === EventSource.CLOSED) setTimeout(() => this.start(), RECONNECT_MS);
    };
  }

  private setConnected(connected: boolean): void {
    if (connected === this.connected) return;
    this.connected = connected;
    for (const l of this.listeners) l(connected);
  }

  private answer(data: string): void {
    let request: RelayedRequest | undefined;
    try {
      request = parseRelayedRequest(JSON.parse(data));
    } catch {
      request = undefined;
    }
    if (!request) return;
    const { id, guestPort, method, path, headers } = request;
    const channel = new MessageChannel();
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    let head: RelayedHead | undefined;
    channel.port1.onmessage = (event: MessageEvent<PreviewReply>) => {
      const msg = event.data;
      if (msg.type === 'head') head = { status: msg.status, statusText: msg.statusText, headers: msg.headers };
      else if (msg.type === 'body') chunks.push(msg.chunk as Uint8Array<ArrayBuffer>);
      else {
        channel.port1.close();
        const answer: RelayedHead =
          msg.type === 'error' ? { error: { status: msg.status, message: msg.message } } : (head ?? noHead());
        void this.post(id, answer, msg.type === 'end' ? new Blob(chunks) : undefined);
      }
    };
    this.forward({
      guestPort,
      method,
      path,
      headers,
      body: request.body ? base64ToBuffer(request.body) : undefined,
      reply: channel.port2,
    });
  }

  private async post(id: number, head: RelayedHead, body: Blob | undefined): Promise<void> {
    await fetch(`${PREVIEW_REPLY_PATH}?session=${this.session}&id=${id}`, {
      method: 'POST',
      headers: { 'X-Wharf-Head': encodeURIComponent(JSON.stringify(head)) },
      body,
    }).catch(() => undefined); // the preview's request times out on the server and says so
  }
}

function noHead(): RelayedHead {
  return { error: { status: 502, message: 'the guest app closed the connection without an answer' } };
}

function randomSession(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('');
}

function base64ToBuffer(text: string): ArrayBuffer {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out.buffer;
}
