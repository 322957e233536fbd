/** One IndexedDB database of the worker's and the one object store its records live in. */
export interface IdbDatabaseOptions {
  name: string;
  version: number;
  store: string;
  /** Create (or migrate to) this version's object stores. */
  upgrade(db: IDBDatabase, oldVersion: number, upgrade: IDBTransaction): void;
  /** What is kept there, for the error when an older tab holds the database ("the workspace storage"). */
  what: string;
}

/**
 * Opens the database once, on first use, and runs each call as one transaction that resolves only once it committed:
 * a full quota or any other failure rejects instead of passing for a save. A database that failed to open is tried
 * again on the next call.
 */
export class IdbDatabase {
  private db: Promise<IDBDatabase> | undefined;

  constructor(private readonly options: IdbDatabaseOptions) {}

  async transaction(mode: IDBTransactionMode, body: (store: IDBObjectStore) => void): Promise<void> {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(this.options.store, mode);
      tx.oncomplete = () => resolve();
      // A quota error surfaces as the transaction's abort, not as a request error.
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
      tx.onerror = (event) => event.preventDefault(); // let it abort, reported once by onabort
      body(tx.objectStore(this.options.store));
    });
  }

  /** Every value in the store, as stored (callers check their shape: storage is outside input too). */
  async all(): Promise<unknown[]> {
    let values: unknown[] = [];
    await this.transaction('readonly', (store) => {
      const req = store.getAll();
      req.onsuccess = () => (values = req.result as unknown[]);
    });
    return values;
  }

  private open(): Promise<IDBDatabase> {
    const { name, version, upgrade, what } = this.options;
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, version);
      req.onupgradeneeded = (event) => upgrade(req.result, event.oldVersion, req.transaction!);
      req.onsuccess = () => {
        // Another tab (a newer Wharf) wants to upgrade: step aside rather than block it.
        req.result.onversionchange = () => {
          req.result.close();
          this.db = undefined;
        };
        resolve(req.result);
      };
      req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
      req.onblocked = () => reject(new Error(`${what} is held by an older Wharf tab: reload it`));
    }).catch((error: unknown) => {
      this.db = undefined;
      throw error;
    });
    return this.db;
  }
}
