import type { WorkspaceStore } from './workspace-store.js';

const DB_NAME = 'wharf-workspace';
const STORE = 'files';

/** The workspace files in IndexedDB (available in workers, unlike localStorage), one record per relative path. */
export class IdbWorkspaceStore implements WorkspaceStore {
  private db: Promise<IDBDatabase> | undefined;

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
    });
    return this.db;
  }

  private async run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const req = op(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
    });
  }

  async all(): Promise<Map<string, Uint8Array>> {
    const keys = await this.run('readonly', (s) => s.getAllKeys());
    const values = await this.run('readonly', (s) => s.getAll());
    return new Map(keys.map((k, i) => [String(k), new Uint8Array(values[i] as ArrayBuffer)]));
  }

  async put(path: string, data: Uint8Array): Promise<void> {
    await this.run('readwrite', (s) => s.put(data.slice().buffer, path));
  }

  async delete(path: string): Promise<void> {
    await this.run('readwrite', (s) => s.delete(path));
  }
}
