/** Service IP and NodePort allocation, deterministic when given a seeded random source (tests). */
import type { ObjectStore } from '../store/index.js';
import type { JsonObject } from '../objects/index.js';

export class ServiceAllocators {
  constructor(
    private readonly store: ObjectStore,
    private readonly random: () => number,
  ) {}

  private services(): JsonObject[] {
    return this.store.list('services').items as JsonObject[];
  }

  isClusterIPTaken(ip: string): boolean {
    return this.services().some((s) => (s.spec as JsonObject | undefined)?.clusterIP === ip);
  }

  isNodePortTaken(port: number): boolean {
    return this.services().some((s) =>
      ((s.spec as JsonObject | undefined)?.ports as JsonObject[] | undefined)?.some((p) => p.nodePort === port),
    );
  }

  /** A free address in 10.96.0.0/12 (10.96.0.1 is the `kubernetes` service, 10.96.0.10 is cluster DNS). */
  allocateClusterIP(): string {
    const size = 1 << 20;
    for (let attempt = 0; attempt < 1000; attempt++) {
      const offset = 2 + Math.floor(this.random() * (size - 3));
      const ip = `10.${96 + (offset >> 16)}.${(offset >> 8) & 255}.${offset & 255}`;
      if (ip.endsWith('.0') || ip.endsWith('.255') || ip === '10.96.0.10') continue;
      if (!this.isClusterIPTaken(ip)) return ip;
    }
    throw new Error('range is full');
  }

  allocateNodePort(): number {
    for (let attempt = 0; attempt < 5000; attempt++) {
      const port = 30000 + Math.floor(this.random() * 2768);
      if (!this.isNodePortTaken(port)) return port;
    }
    throw new Error('range is full');
  }
}
