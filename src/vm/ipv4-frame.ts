/**
 * The few bits of Ethernet + IPv4 the host side of the guest's network reads and writes itself (guest-dns.ts,
 * fetch-proxy-refusal.ts): the packet the guest sent, and a reply to it from the address it was sent to.
 */

const ETHERNET_HEADER = 14;
const ETHERTYPE_IPV4 = 0x0800;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;

/** An unfragmented IPv4 packet in an Ethernet frame from the guest. */
export interface GuestPacket {
  frame: Uint8Array;
  view: DataView;
  protocol: number;
  /** Where the transport header (TCP, UDP) starts in `frame`. */
  transport: number;
  /** Where the IP packet ends in `frame` (frames can carry padding). */
  end: number;
}

/** The IPv4 packet in a frame the guest sent, or `undefined` for anything else (ARP, IPv6, fragments, junk). */
export function readIpv4(frame: Uint8Array): GuestPacket | undefined {
  if (frame.length < ETHERNET_HEADER + 20) return undefined;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (view.getUint16(12) !== ETHERTYPE_IPV4) return undefined;
  const ip = ETHERNET_HEADER;
  if (frame[ip]! >> 4 !== 4) return undefined;
  if ((view.getUint16(ip + 6) & 0x3fff) !== 0) return undefined; // a fragment: nothing to read whole
  const headerLength = (frame[ip]! & 0x0f) * 4;
  const end = Math.min(ip + view.getUint16(ip + 2), frame.length);
  if (headerLength < 20 || ip + headerLength > end) return undefined;
  return { frame, view, protocol: frame[ip + 9]!, transport: ip + headerLength, end };
}

/**
 * The frame that answers `to` with `transport` (a TCP or UDP header and its payload): back to the sender's MAC and
 * address, from the MAC and address it sent to. A TCP header gets its checksum (over the pseudo-header too); a UDP
 * one keeps whatever it has (0: "none", allowed over IPv4).
 */
export function replyFrame(to: GuestPacket, transport: Uint8Array): Uint8Array {
  const { frame } = to;
  const ip = ETHERNET_HEADER;
  const reply = new Uint8Array(ETHERNET_HEADER + 20 + transport.length);
  const out = new DataView(reply.buffer);
  reply.set(frame.subarray(6, 12), 0); // to the sender's MAC
  reply.set(frame.subarray(0, 6), 6); // from the MAC it sent to (the router's)
  out.setUint16(12, ETHERTYPE_IPV4);
  reply[ip] = 0x45; // IPv4, 20-byte header
  out.setUint16(ip + 2, 20 + transport.length);
  reply[ip + 8] = 64; // TTL
  reply[ip + 9] = to.protocol;
  reply.set(frame.subarray(ip + 16, ip + 20), ip + 12); // from the address it asked
  reply.set(frame.subarray(ip + 12, ip + 16), ip + 16); // to the asker
  out.setUint16(ip + 10, onesComplement(sum16(reply.subarray(ip, ip + 20))));
  reply.set(transport, ip + 20);
  if (to.protocol === PROTO_TCP) {
    const pseudo = sum16(reply.subarray(ip + 12, ip + 20)) + to.protocol + transport.length; // addresses, protocol, length
    out.setUint16(ip + 20 + 16, onesComplement(sum16(reply.subarray(ip + 20), pseudo)));
  }
  return reply;
}

/** The 16-bit one's-complement sum of `bytes` (big-endian words, an odd last byte padded with zero). */
export function sum16(bytes: Uint8Array, initial = 0): number {
  let sum = initial;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
  return sum;
}

/** Fold a sum to 16 bits and complement it: the Internet checksum. */
export function onesComplement(sum: number): number {
  let folded = sum;
  while (folded > 0xffff) folded = (folded & 0xffff) + (folded >>> 16);
  return ~folded & 0xffff;
}
