import { RegistryError } from './errors.js';

/** One blob upload in progress (POST starts it, PATCH appends, PUT ?digest= finishes it). */
export interface UploadSession {
  readonly id: string;
  readonly repository: string;
  readonly chunks: Uint8Array[];
  size: number;
}

/** Open upload sessions. Abandoned ones are dropped after a while so a crashed push does not pin memory forever. */
export class Uploads {
  private readonly sessions = new Map<string, UploadSession & { touched: number }>();

  constructor(
    private readonly maxIdleMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  start(repository: string): UploadSession {
    this.expire();
    const session = { id: randomId(), repository, chunks: [], size: 0, touched: this.now() };
    this.sessions.set(session.id, session);
    return session;
  }

  get(repository: string, id: string): UploadSession {
    const session = this.sessions.get(id);
    if (!session || session.repository !== repository) throw new RegistryError('BLOB_UPLOAD_UNKNOWN', { uuid: id });
    session.touched = this.now();
    return session;
  }

  append(session: UploadSession, chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    session.chunks.push(chunk);
    session.size += chunk.length;
  }

  /** Bytes held by uploads under way (they count against the push limits until finished or dropped). */
  bytesHeld(): number {
    let total = 0;
    for (const s of this.sessions.values()) total += s.size;
    return total;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  private expire(): void {
    const limit = this.now() - this.maxIdleMs;
    for (const [id, s] of this.sessions) if (s.touched < limit) this.sessions.delete(id);
  }
}

/** 128 random bits as a UUID-shaped string (crypto.randomUUID is missing outside secure contexts). */
function randomId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The `Range` header value the registry reports for an upload of `size` bytes (`0-0` when empty, as registry:2). */
export function uploadRange(size: number): string {
  return `0-${Math.max(0, size - 1)}`;
}
