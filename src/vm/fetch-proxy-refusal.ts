import { PROTO_TCP, replyFrame, type GuestPacket } from './ipv4-frame.js';

/** The port v86's fetch adapter takes for itself (src/browser/fake_network.js in v86). */
export const FETCH_PROXY_PORT = 80;

const SYN = 0x02;
const RST = 0x04;
const ACK = 0x10;

/**
 * v86's fetch adapter answers every guest connection to port 80, at any address, by calling the host's `fetch()`
 * with the request's Host header: in the browser the page's fetch, in Node an unrestricted one. Wharf is offline and
 * its guest must not reach out through the page, so a connection to port 80 anywhere outside the guest is refused
 * (RST) like any other port nobody listens on: `curl http://1.2.3.4/` says "Connection refused" at once. Seen before
 * this: a pod calling a Service without endpoints made Node fetch `http://catalog/version.txt`.
 *
 * Returns the RST frame for a TCP SYN from the guest to port 80, `undefined` for any other packet.
 */
export function refuseFetchProxy(packet: GuestPacket): Uint8Array | undefined {
  if (packet.protocol !== PROTO_TCP) return undefined;
  const { frame, view, transport: tcp } = packet;
  if (tcp + 20 > packet.end || view.getUint16(tcp + 2) !== FETCH_PROXY_PORT) return undefined;
  if ((frame[tcp + 13]! & (SYN | ACK)) !== SYN) return undefined; // only a new connection's first segment

  const header = new Uint8Array(20);
  const out = new DataView(header.buffer);
  out.setUint16(0, FETCH_PROXY_PORT);
  out.setUint16(2, view.getUint16(tcp)); // to the guest's port
  out.setUint32(4, 0); // RST in answer to a SYN: sequence 0, acknowledging the SYN
  out.setUint32(8, (view.getUint32(tcp + 4) + 1) >>> 0);
  header[12] = 5 << 4; // 20-byte header
  header[13] = RST | ACK;
  return replyFrame(packet, header);
}
