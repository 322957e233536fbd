import { describe, expect, it } from 'vitest';
import { IpAllocator } from './ip-allocator.js';

describe('IpAllocator', () => {
  it('skips network and gateway, keeps an owner’s IP, and does not reuse a freed IP at once', () => {
    const ips = new IpAllocator('10.244.0.0/16');
    expect(ips.allocate('a')).toBe('10.244.0.2');
    expect(ips.allocate('b')).toBe('10.244.0.3');
    expect(ips.allocate('a')).toBe('10.244.0.2');
    ips.release('a');
    expect(ips.allocate('c')).toBe('10.244.0.4');
    ips.reserve('10.244.0.5', 'd');
    expect(ips.allocate('e')).toBe('10.244.0.6');
  });

  it('wraps around and reports a full network', () => {
    const ips = new IpAllocator('10.0.0.0/29'); // .2 .. .6
    for (const o of ['a', 'b', 'c', 'd', 'e']) ips.allocate(o);
    expect(() => ips.allocate('f')).toThrow('pod network is full');
    ips.release('b');
    expect(ips.allocate('f')).toBe('10.0.0.3');
  });
});
