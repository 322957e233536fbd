import type { WorkspaceRecord, WorkspaceStore } from './workspace-store.js';
import { ancestorsOf, insideBounds } from './workspace-tree.js';
import { IdbDatabase } from './idb-database.js';

const DB_NAME = 'wharf-workspace';
/** 2: one record per path that carries its path (`records`); 1 kept bare bytes under the path as key (`files`). */
const DB_VERSION = 2;
const RECORDS = 'records';
const V1_FILES = 'files';

/**
 * The workspace records in IndexedDB (available in workers, unlike localStorage). Each method is one transaction,
 * and it resolves only once that transaction committed (IdbDatabase).
 */
export class IdbWorkspaceStore implements WorkspaceStore {
  private readonly db = new IdbDatabase({
    name: DB_NAME,
    version: DB_VERSION,
    store: RECORDS,
    what: 'the workspace storage',
    upgrade(db, oldVersion, upgrade) {
      const records = db.createObjectStore(RECORDS, { keyPath: 'path' });
      if (oldVersion === 1 && db.objectStoreNames.contains(V1_FILES)) migrateV1(upgrade, records);
    },
  });

  async all(): Promise<WorkspaceRecord[]> {
    return (await this.db.all()).filter(isRecord);
  }

  putFile(path: string, data: Uint8Array): Promise<void> {
    return this.replace({ path, kind: 'file', data: data.slice() });
  }

  putNotKept(path: string, size: number, reason: string): Promise<void> {
    return this.replace({ path, kind: 'not-kept', size, reason });
  }

  putFolder(path: string): Promise<void> {
    return this.db.transaction('readwrite', (store) => {
      for (const p of [path, ...ancestorsOf(path)]) store.delete(p);
    });
  }

  delete(path: string): Promise<void> {
    return this.db.transaction('readwrite', (store) => {
      store.delete(path);
      store.delete(IDBKeyRange.bound(...insideBounds(path)));
    });
  }

  /** A record in place of whatever contradicts it: files at its parent paths, anything under it. */
  private replace(record: WorkspaceRecord): Promise<void> {
    return this.db.transaction('readwrite', (store) => {
      for (const p of ancestorsOf(record.path)) store.delete(p);
      store.delete(IDBKeyRange.bound(...insideBounds(record.path)));
      store.put(record);
    });
  }
}

/** Version 1 kept bare bytes keyed by path: carry them over as file records, then drop the old store. */
function migrateV1(upgrade: IDBTransaction, records: IDBObjectStore): void {
  const cursor = upgrade.objectStore(V1_FILES).openCursor();
  cursor.onsuccess = () => {
    const c = cursor.result;
    if (!c) {
      upgrade.db.deleteObjectStore(V1_FILES);
      return;
    }
    if (typeof c.key === 'string' && c.value instanceof ArrayBuffer)
      records.put({ path: c.key, kind: 'file', data: new Uint8Array(c.value) });
    c.continue();
  };
}

function isRecord(value: unknown): value is WorkspaceRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  if (typeof r.path !== 'string') return false;
  if (r.kind === 'file') return r.data instanceof Uint8Array;
  return r.kind === 'not-kept' && typeof r.size === 'number' && typeof r.reason === 'string';
}
