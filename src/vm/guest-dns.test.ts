import { describe, expect, it } from 'vitest';
import { answerDnsQuery, nxdomain } from './guest-dns.js';
import { readIpv4 } from './ipv4-frame.js';

/** What the network hands the guest back for this frame (it reads the IPv4 packet once, then asks). */
const answer = (frame: Uint8Array) => {
  const packet = readIpv4(frame);
  return packet && answerDnsQuery(packet);
};

const GUEST_MAC = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];
const ROUTER_MAC = [0x52, 0x54, 0x00, 0x01, 0x02, 0x03];
const GUEST_IP = [192, 168, 86, 100];
const ROUTER_IP = [192, 168, 86, 1];

/** A DNS query for `name` (type A, recursion desired), with an EDNS OPT record as glibc and Go send it. */
function query(name: string, id = 0x1234): Uint8Array {
  const labels = name.split('.').flatMap((l) => [l.length, ...new TextEncoder().encode(l)]);
  const opt = [0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0];
  return new Uint8Array([id >> 8, id & 0xff, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1, ...labels, 0, 0, 1, 0, 1, ...opt]);
}

/** The guest's Ethernet frame carrying `payload` over UDP/IPv4 from port 40000 to `port` of `to`. */
function frame(payload: Uint8Array, options: { port?: number; to?: number[]; proto?: number } = {}): Uint8Array {
  const { port = 53, to = ROUTER_IP, proto = 17 } = options;
  const udpLength = 8 + payload.length;
  const ip = [0x45, 0, 0, 20 + udpLength, 0, 7, 0x40, 0, 64, proto, 0, 0, ...GUEST_IP, ...to];
  ip[2] = (20 + udpLength) >> 8;
  ip[3] = (20 + udpLength) & 0xff;
  const udp = [40000 >> 8, 40000 & 0xff, port >> 8, port & 0xff, udpLength >> 8, udpLength & 0xff, 0, 0];
  return new Uint8Array([...ROUTER_MAC, ...GUEST_MAC, 0x08, 0x00, ...ip, ...udp, ...payload]);
}

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;

describe('the guest DNS server', () => {
  it('answers a query for any name with NXDOMAIN, the question echoed and the EDNS record dropped', () => {
    const asked = query('cache', 0xbeef);
    const reply = answer(frame(asked));
    expect(reply).toBeDefined();
    const dns = reply!.subarray(14 + 20 + 8);
    expect(u16(dns, 0)).toBe(0xbeef);
    expect(dns[2]! & 0x80).toBe(0x80); // a response
    expect(dns[2]! & 0x01).toBe(0x01); // recursion desired, as asked
    expect(dns[3]! & 0x0f).toBe(3); // NXDOMAIN
    expect([u16(dns, 4), u16(dns, 6), u16(dns, 8), u16(dns, 10)]).toEqual([1, 0, 0, 0]);
    const questionEnd = 12 + 'cache'.length + 2 + 4;
    expect([...dns]).toEqual([...dns.subarray(0, 12), ...asked.subarray(12, questionEnd)]);
  });

  it('sends the reply back from the address and port that were asked, with a valid IPv4 header', () => {
    const reply = answer(frame(query('registry-1.docker.io'), { to: [8, 8, 8, 8] }))!;
    expect([...reply.subarray(0, 6)]).toEqual(GUEST_MAC);
    expect([...reply.subarray(6, 12)]).toEqual(ROUTER_MAC);
    const ip = reply.subarray(14, 34);
    expect([...ip.subarray(12, 16)]).toEqual([8, 8, 8, 8]);
    expect([...ip.subarray(16, 20)]).toEqual(GUEST_IP);
    expect(u16(ip, 2)).toBe(reply.length - 14);
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += u16(ip, i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    expect(sum).toBe(0xffff); // the header checksums to all ones
    const udp = reply.subarray(34, 42);
    expect([u16(udp, 0), u16(udp, 2), u16(udp, 4)]).toEqual([53, 40000, reply.length - 34]);
  });

  it('leaves every other frame to the adapter', () => {
    expect(answer(frame(query('x'), { port: 123 }))).toBeUndefined(); // NTP
    expect(answer(frame(query('x'), { proto: 6 }))).toBeUndefined(); // TCP
    const response = query('x');
    response[2] = 0x81;
    expect(answer(frame(response))).toBeUndefined(); // a response, not a query
    const arp = frame(query('x'));
    arp[12] = 0x08;
    arp[13] = 0x06;
    expect(answer(arp)).toBeUndefined();
    expect(answer(new Uint8Array(20))).toBeUndefined();
  });

  it('says FORMERR, echoing no question, to a question that runs past the message', () => {
    const cut = query('wharf.example').subarray(0, 16);
    const dns = nxdomain(cut);
    expect(dns.length).toBe(12);
    expect(dns[3]! & 0x0f).toBe(1);
    expect(u16(dns, 4)).toBe(0);
  });
});
