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

const ETHERNET_HEADER = 14;
const ETHERTYPE_IPV4 = 0x0800;
const PROTO_UDP = 17;
const DNS_PORT = 53;
const DNS_HEADER = 12;
const RCODE_FORMERR = 1;
const RCODE_NXDOMAIN = 3;

/**
 * The reply frame to an Ethernet frame the guest sent, when that frame is a DNS query over UDP/IPv4 (to any
 * address: Docker falls back to public resolvers when the host's are loopback ones); `undefined` for anything else.
 */
export function answerDnsQuery(frame: Uint8Array): Uint8Array | undefined {
  if (frame.length < ETHERNET_HEADER + 20 + 8 + DNS_HEADER) return undefined;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (view.getUint16(12) !== ETHERTYPE_IPV4) return undefined;
  const ip = ETHERNET_HEADER;
  if (frame[ip]! >> 4 !== 4 || frame[ip + 9] !== PROTO_UDP) return undefined;
  if ((view.getUint16(ip + 6) & 0x3fff) !== 0) return undefined; // a fragment: not a query we can read whole
  const ipHeader = (frame[ip]! & 0x0f) * 4;
  const udp = ip + ipHeader;
  if (ipHeader < 20 || udp + 8 > frame.length || view.getUint16(udp + 2) !== DNS_PORT) return undefined;
  const udpEnd = Math.min(udp + view.getUint16(udp + 4), ip + view.getUint16(ip + 2), frame.length);
  const query = frame.subarray(udp + 8, udpEnd);
  if (query.length < DNS_HEADER || query[2]! & 0x80) return undefined; // too short, or itself a response

  const dns = nxdomain(query);
  const reply = new Uint8Array(ETHERNET_HEADER + 20 + 8 + dns.length);
  const out = new DataView(reply.buffer);
  reply.set(frame.subarray(6, 12), 0); // to the sender's MAC
  reply.set(frame.subarray(0, 6), 6); // from the MAC it sent to (the router's)
  out.setUint16(12, ETHERTYPE_IPV4);
  const rip = ETHERNET_HEADER;
  reply[rip] = 0x45; // IPv4, 20-byte header
  out.setUint16(rip + 2, 20 + 8 + dns.length);
  reply[rip + 8] = 64; // TTL
  reply[rip + 9] = PROTO_UDP;
  reply.set(frame.subarray(ip + 16, ip + 20), rip + 12); // from the address it asked
  reply.set(frame.subarray(ip + 12, ip + 16), rip + 16); // to the asker
  out.setUint16(rip + 10, ipChecksum(reply.subarray(rip, rip + 20)));
  const rudp = rip + 20;
  out.setUint16(rudp, DNS_PORT);
  out.setUint16(rudp + 2, view.getUint16(udp)); // to the asker's port
  out.setUint16(rudp + 4, 8 + dns.length);
  // UDP checksum 0: "none", allowed over IPv4.
  reply.set(dns, rudp + 8);
  return reply;
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

function ipChecksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += (header[i]! << 8) | (header[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
