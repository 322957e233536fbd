/**
 * The guest's DNS server (its resolv.conf names 192.168.86.1). Wharf is offline, so it knows no name: every query
 * is answered at once with NXDOMAIN ("no such host"), the answer an offline machine's resolver gives.
 *
 * Why not v86's own DNS: its fetch adapter answers every A query with one made-up address, so a misspelt host name
 * "resolves" and the program then waits out TCP connect timeouts instead of failing (a Compose app looking for
 * Redis under the wrong service name hung for minutes instead of saying "Name or service not known"; Swarm waited
 * on Docker Hub's made-up address to record an image digest). Names the guest needs are in its /etc/hosts, Docker's
 * embedded DNS and the cluster's dnsmasq, which all answer before a query reaches here.
 */

import { PROTO_UDP, replyFrame, type GuestPacket } from './ipv4-frame.js';

const DNS_PORT = 53;
const DNS_HEADER = 12;
const RCODE_FORMERR = 1;
const RCODE_NXDOMAIN = 3;

/**
 * The reply frame to a packet the guest sent, when that packet is a DNS query over UDP (to any address: Docker falls
 * back to public resolvers when the host's are loopback ones); `undefined` for any other packet.
 */
export function answerDnsQuery(packet: GuestPacket): Uint8Array | undefined {
  if (packet.protocol !== PROTO_UDP) return undefined;
  const { frame, view, transport: udp } = packet;
  if (udp + 8 > packet.end || view.getUint16(udp + 2) !== DNS_PORT) return undefined;
  const query = frame.subarray(udp + 8, Math.min(udp + view.getUint16(udp + 4), packet.end));
  if (query.length < DNS_HEADER || query[2]! & 0x80) return undefined; // too short, or itself a response

  const dns = nxdomain(query);
  const header = new Uint8Array(8 + dns.length);
  const out = new DataView(header.buffer);
  out.setUint16(0, DNS_PORT);
  out.setUint16(2, view.getUint16(udp)); // to the asker's port
  out.setUint16(4, 8 + dns.length);
  // UDP checksum 0: "none", allowed over IPv4.
  header.set(dns, 8);
  return replyFrame(packet, header);
}

/** The DNS message that says the asked name does not exist (or FORMERR for a question that does not parse). */
export function nxdomain(query: Uint8Array): Uint8Array {
  const questions = (query[4]! << 8) | query[5]!;
  const end = questionsEnd(query, questions);
  const reply = new Uint8Array(end ?? DNS_HEADER);
  reply.set(query.subarray(0, end ?? DNS_HEADER));
  const opcode = query[2]! & 0x78;
  const recursionDesired = query[2]! & 0x01;
  reply[2] = 0x80 | opcode | recursionDesired; // a response, same opcode, not authoritative, not truncated
  reply[3] = 0x80 | (end === undefined ? RCODE_FORMERR : RCODE_NXDOMAIN); // recursion available
  if (end === undefined) reply.fill(0, 4, 6); // no question echoed
  reply.fill(0, 6, 12); // no answer, authority or additional records (the query's EDNS record is dropped)
  return reply;
}

/** Where the question section ends, or `undefined` when it runs past the message or is malformed. */
function questionsEnd(message: Uint8Array, count: number): number | undefined {
  let at = DNS_HEADER;
  for (let q = 0; q < count; q++) {
    for (;;) {
      const length = message[at];
      if (length === undefined) return undefined;
      if (length === 0) {
        at += 1;
        break;
      }
      if ((length & 0xc0) === 0xc0) {
        at += 2; // a pointer ends the name
        break;
      }
      if (length & 0xc0) return undefined;
      at += 1 + length;
    }
    at += 4; // type and class
    if (at > message.length) return undefined;
  }
  return at;
}
