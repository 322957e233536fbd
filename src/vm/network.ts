import type { V86 } from 'v86';
import type { ByteStream, ConnectionHandler, Disposable } from '../protocol/byte-stream.js';
import type { VmNetwork } from './types.js';
import { tcpStream } from './tcp-stream.js';
import { FETCH_PROXY_PORT, refuseFetchProxy } from './fetch-proxy-refusal.js';
import { answerDnsQuery } from './guest-dns.js';
import { readIpv4 } from './ipv4-frame.js';
import { answerGuestFrames, fetchAdapter, listen, type V86TcpConnection } from './v86-internals.js';

/**
 * The host side of the guest's network (192.168.86.1). Handlers outlive the emulator: after a restart the same
 * handlers serve the new guest. Unclaimed ports are refused (v86 answers the SYN with RST; port 80, which v86 would
 * proxy to the host's fetch(), by us: fetch-proxy-refusal.ts). DNS queries get "no such host" (guest-dns.ts).
 */
export class V86Network implements VmNetwork {
  private readonly handlers = new Map<number, ConnectionHandler>();
  private emulator: V86 | undefined;
  private unlisten: (() => void) | undefined;

  bind(emulator: V86): void {
    this.unbind();
    this.emulator = emulator;
    const unlisten = listen<V86TcpConnection>(emulator, 'tcp-connection', (conn) => {
      const handler = this.handlers.get(conn.sport);
      if (!handler) return;
      conn.accept(); // must happen synchronously, inside v86's SYN handling
      handler(tcpStream(conn));
    });
    // Every frame the guest sends passes here: its IPv4 header is read once, for both.
    const unanswer = answerGuestFrames(emulator, (frame) => {
      const packet = readIpv4(frame);
      return packet && (answerDnsQuery(packet) ?? refuseFetchProxy(packet));
    });
    this.unlisten = () => {
      unlisten();
      unanswer();
    };
  }

  unbind(): void {
    this.unlisten?.();
    this.unlisten = undefined;
    this.emulator = undefined;
  }

  listen(port: number, handler: ConnectionHandler): Disposable {
    if (port === FETCH_PROXY_PORT) throw new Error(`port ${port} is refused to the guest (v86's fetch adapter's port)`);
    if (this.handlers.has(port)) throw new Error(`port ${port} already has a handler`);
    this.handlers.set(port, handler);
    return {
      dispose: () => {
        if (this.handlers.get(port) === handler) this.handlers.delete(port);
      },
    };
  }

  connectGuestTcp(port: number, timeoutMs = 10_000): Promise<ByteStream> {
    if (!this.emulator) return Promise.reject(new Error('the VM is not running'));
    const conn = fetchAdapter(this.emulator).connect(port);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        conn.close();
        reject(new Error(`connect to guest port ${port}: timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      conn.on('connect', () => {
        clearTimeout(timer);
        resolve(tcpStream(conn));
      });
      conn.on('close', () => {
        clearTimeout(timer);
        reject(new Error(`connect to guest port ${port}: ECONNREFUSED`));
      });
    });
  }
}
