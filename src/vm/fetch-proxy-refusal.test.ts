import { describe, expect, it } from 'vitest';
import { refuseFetchProxy } from './fetch-proxy-refusal.js';
import { onesComplement, readIpv4, sum16 } from './ipv4-frame.js';

/** What the network hands the guest back for this frame (it reads the IPv4 packet once, then asks). */
const answer = (frame: Uint8Array) => {
  const packet = readIpv4(frame);
  return packet && refuseFetchProxy(packet);
};

const GUEST_MAC = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];
const ROUTER_MAC = [0x52, 0x54, 0x00, 0x01, 0x02, 0x03];
const GUEST_IP = [192, 168, 86, 100];

/** A TCP segment from the guest's port 41000 to `port` of 1.2.3.4, with these flags and sequence number. */
function segment(port: number, flags: number, seq = 0x01020304): Uint8Array {
  const ip = [0x45, 0, 0, 40, 0, 9, 0x40, 0, 64, 6, 0, 0, ...GUEST_IP, 1, 2, 3, 4];
  const tcp = [41000 >> 8, 41000 & 0xff, port >> 8, port & 0xff, ...[24, 16, 8, 0].map((s) => (seq >>> s) & 0xff)];
  tcp.push(0, 0, 0, 0, 0x50, flags, 0xff, 0xff, 0, 0, 0, 0);
  return new Uint8Array([...ROUTER_MAC, ...GUEST_MAC, 0x08, 0x00, ...ip, ...tcp]);
}

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

describe('refusing the fetch adapter’s port 80', () => {
  it('answers a SYN to port 80 anywhere with RST+ACK from that address, with valid checksums', () => {
    const reply = answer(segment(80, 0x02))!;
    expect(reply).toBeDefined();
    expect([...reply.subarray(0, 6)]).toEqual(GUEST_MAC);
    const ip = reply.subarray(14, 34);
    expect([...ip.subarray(12, 16)]).toEqual([1, 2, 3, 4]);
    expect([...ip.subarray(16, 20)]).toEqual(GUEST_IP);
    expect(onesComplement(sum16(ip))).toBe(0);
    const tcp = reply.subarray(34);
    expect([u16(tcp, 0), u16(tcp, 2)]).toEqual([80, 41000]);
    expect(u32(tcp, 8)).toBe(0x01020305); // acknowledges the SYN
    expect(tcp[13]).toBe(0x14); // RST, ACK
    // The TCP checksum covers the pseudo-header: addresses, protocol and length.
    const pseudo = sum16(ip.subarray(12, 20)) + 6 + tcp.length;
    expect(onesComplement(sum16(tcp, pseudo))).toBe(0);
  });

  it('leaves other ports, and segments that do not open a connection, to the adapter', () => {
    expect(answer(segment(6443, 0x02))).toBeUndefined();
    expect(answer(segment(80, 0x12))).toBeUndefined(); // SYN+ACK
    expect(answer(segment(80, 0x10))).toBeUndefined(); // ACK
  });
});
