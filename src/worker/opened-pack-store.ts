import { IdbDatabase } from './idb-database.js';

/** One lesson pack the learner opened, as kept: the file's text, read again (and checked again) on every visit. */
export interface StoredPack {
  id: string;
  /** The file's name or the URL it came from. */
  from: string;
  openedAt: number;
  text: string;
}

/** Where opened packs are kept between visits (IndexedDB in the worker; a map in the tests). */
export interface OpenedPackStore {
  /** Every record that reads as a pack record; anything else (corrupt, another shape) is left out. */
  all(): Promise<StoredPack[]>;
  put(pack: StoredPack): Promise<void>;
  delete(id: string): Promise<void>;
}

/** A stored value back to a record, or undefined when it is not one: storage is outside input too. */
export function parseStoredPack(value: unknown): StoredPack | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const r = value as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id === '' || typeof r.from !== 'string' || typeof r.text !== 'string')
    return undefined;
  if (typeof r.openedAt !== 'number' || !Number.isFinite(r.openedAt)) return undefined;
  return { id: r.id, from: r.from, openedAt: r.openedAt, text: r.text };
}

const DB_NAME = 'wharf-lessons';
const DB_VERSION = 1;
const PACKS = 'packs';

/** The opened packs in IndexedDB (`wharf-lessons`, store `packs`, keyed by pack id). Each call is one transaction. */
export class IdbOpenedPackStore implements OpenedPackStore {
  private readonly db = new IdbDatabase({
    name: DB_NAME,
    version: DB_VERSION,
    store: PACKS,
    what: 'the lesson storage',
    upgrade: (db) => void db.createObjectStore(PACKS, { keyPath: 'id' }),
  });

  async all(): Promise<StoredPack[]> {
    return (await this.db.all()).flatMap((v) => parseStoredPack(v) ?? []);
  }

  put(pack: StoredPack): Promise<void> {
    return this.db.transaction('readwrite', (store) => void store.put(pack));
  }

  delete(id: string): Promise<void> {
    return this.db.transaction('readwrite', (store) => void store.delete(id));
  }
}

/** In memory: the tests' store, and the worker's when IndexedDB is refused. */
export class MemoryOpenedPackStore implements OpenedPackStore {
  /** Raw values, as a database would hand them back (a test may put junk here). */
  readonly values = new Map<string, unknown>();

  async all(): Promise<StoredPack[]> {
    return [...this.values.values()].flatMap((v) => parseStoredPack(v) ?? []);
  }
  async put(pack: StoredPack): Promise<void> {
    this.values.set(pack.id, { ...pack });
  }
  async delete(id: string): Promise<void> {
    this.values.delete(id);
  }
}
