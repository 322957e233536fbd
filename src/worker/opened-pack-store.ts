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
  private db: Promise<IDBDatabase> | undefined;

  async all(): Promise<StoredPack[]> {
    let values: unknown[] = [];
    await this.transaction('readonly', (store) => {
      const req = store.getAll();
      req.onsuccess = () => (values = req.result as unknown[]);
    });
    return values.flatMap((v) => parseStoredPack(v) ?? []);
  }

  put(pack: StoredPack): Promise<void> {
    return this.transaction('readwrite', (store) => void store.put(pack));
  }

  delete(id: string): Promise<void> {
    return this.transaction('readwrite', (store) => void store.delete(id));
  }

  private async transaction(mode: IDBTransactionMode, body: (store: IDBObjectStore) => void): Promise<void> {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(PACKS, mode);
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
      tx.onerror = (event) => event.preventDefault(); // reported once, by onabort
      body(tx.objectStore(PACKS));
    });
  }

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => req.result.createObjectStore(PACKS, { keyPath: 'id' });
      req.onsuccess = () => {
        req.result.onversionchange = () => {
          req.result.close();
          this.db = undefined;
        };
        resolve(req.result);
      };
      req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
      req.onblocked = () => reject(new Error('the lesson storage is held by an older Wharf tab: reload it'));
    }).catch((error: unknown) => {
      this.db = undefined;
      throw error;
    });
    return this.db;
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
