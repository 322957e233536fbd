/**
 * Pod IPs from the pod network (10.244.0.0/16 by default), handed out by the kubelet rather than by Docker so a
 * pod keeps its IP when its container is replaced after a crash (Docker's IPAM would give the new container a new
 * address). Allocation rotates through the range, so a freed address is not reused at once.
 */
export class IpAllocator {
  private readonly used = new Map<number, string>();
  private cursor: number;
  private readonly first: number;
  private readonly last: number;

  /** `cidr` like `10.244.0.0/16`; the network, gateway (.1) and broadcast addresses are never handed out. */
  constructor(cidr: string) {
    const [base, bits] = cidr.split('/') as [string, string];
    const size = 2 ** (32 - Number(bits));
    const network = ipToInt(base) & ~(size - 1);
    this.first = network + 2;
    this.last = network + size - 2;
    this.cursor = this.first;
  }

  /** The IP for `owner` (a pod uid): its existing one, or the next free one. */
  allocate(owner: string): string {
    for (const [ip, who] of this.used) if (who === owner) return intToIp(ip);
    const span = this.last - this.first + 1;
    for (let i = 0; i < span; i++) {
      const ip = this.first + ((this.cursor - this.first + i) % span);
      if (!this.used.has(ip)) {
        this.used.set(ip, owner);
        this.cursor = ip + 1 > this.last ? this.first : ip + 1;
        return intToIp(ip);
      }
    }
    throw new Error('pod network is full: no free IP address');
  }

  /** Mark an IP as taken (rebuilding state from running containers after a restart). */
  reserve(ip: string, owner: string): void {
    this.used.set(ipToInt(ip), owner);
  }

  release(owner: string): void {
    for (const [ip, who] of this.used) if (who === owner) this.used.delete(ip);
  }
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
