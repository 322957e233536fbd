import { describe, expect, it } from 'vitest';
import { parseListeningPorts } from './proc-net-tcp.js';

// Lines as the guest kernel prints them (docker-proxy on 8080, sshd-like on 22, a loopback-only helper, one
// established connection).
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2345 1 00000000 100 0 0 10 0
   1: 0100007F:9C40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2346 1 00000000 100 0 0 10 0
   2: 6456A8C0:1F90 0156A8C0:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 2347 1 00000000 100 0 0 10 0`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:0BB8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 99 1 0 100 0 0 10 0
   1: 00000000000000000000000001000000:1388 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 98 1 0 100 0 0 10 0`;

describe('parseListeningPorts', () => {
  it('lists listening ports reachable from outside, once each, sorted', () => {
    expect(parseListeningPorts(`${TCP}\n${TCP6}`)).toEqual([3000, 8080]);
  });
  it('returns nothing for empty or garbled text', () => {
    expect(parseListeningPorts('')).toEqual([]);
    expect(parseListeningPorts('not a table\n1: x y')).toEqual([]);
  });
});
