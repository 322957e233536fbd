import { describe, expect, it } from 'vitest';
import { parseListeningPorts } from './proc-net-tcp.js';

// Lines as the guest kernel prints them: a server on 0.0.0.0:8080, a loopback-only helper, an established
// connection, the cluster DNS on 10.96.0.10:53, and in tcp6 a wildcard :3000 and a [::1]:5000.
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2345 1 00000000 100 0 0 10 0
   1: 0100007F:9C40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2346 1 00000000 100 0 0 10 0
   2: 6456A8C0:1F90 0156A8C0:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 2347 1 00000000 100 0 0 10 0
   3: 0A00600A:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12121 1 65534987 100 0 0 10 5
   4: 6456A8C0:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2348 1 00000000 100 0 0 10 0`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:0BB8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 99 1 0 100 0 0 10 0
   1: 00000000000000000000000001000000:1388 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 98 1 0 100 0 0 10 0`;

describe('parseListeningPorts', () => {
  it('lists listening ports reachable from outside, once each, sorted', () => {
    expect(parseListeningPorts(`${TCP}\n${TCP6}`)).toEqual([80, 3000, 8080]);
  });
  it('returns nothing for empty or garbled text', () => {
    expect(parseListeningPorts('')).toEqual([]);
    expect(parseListeningPorts('not a table\n1: x y')).toEqual([]);
  });
});
