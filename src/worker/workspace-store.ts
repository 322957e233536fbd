import { ancestorsOf, isInside } from './workspace-tree.js';

/**
 * What is kept of one workspace path between visits: its bytes, or the fact that it existed and why its bytes were
 * not kept (too large). A record carries its own path, so a read can never pair one file's name with another's
 * bytes.
 */
export type WorkspaceRecord =
  { path: string; kind: 'file'; data: Uint8Array } | { path: string; kind: 'not-kept'; size: number; reason: string };

/**
 * Where the learner's workspace files are kept between visits (IndexedDB in the browser, a Map in tests). The
 * guest's disk is thrown away on reload (the VM restarts from its snapshot), so this is what "resume" restores.
 *
 * Every method is atomic on its own and keeps the records a tree: a path is never both a file and a folder, so a
 * restore cannot trip over a file where a folder has to go (ENOTDIR).
 */
export interface WorkspaceStore {
  /** Every record, read at one point in time. */
  all(): Promise<WorkspaceRecord[]>;
  /** Keep this file's bytes; records of its parent paths and of anything under it go (they no longer exist). */
  putFile(path: string, data: Uint8Array): Promise<void>;
  /** Remember that a file exists but its bytes are not kept, and why; replaces any older version of it. */
  putNotKept(path: string, size: number, reason: string): Promise<void>;
  /** A folder exists at this path: a file record there or at a parent path goes. */
  putFolder(path: string): Promise<void>;
  /** Forget this path and everything under it. */
  delete(path: string): Promise<void>;
}

/** The store in memory: tests, and the rules every store follows, in their plainest form. */
export class MemoryWorkspaceStore implements WorkspaceStore {
  readonly records = new Map<string, WorkspaceRecord>();

  async all(): Promise<WorkspaceRecord[]> {
    return [...this.records.values()].map((r) => (r.kind === 'file' ? { ...r, data: r.data.slice() } : { ...r }));
  }
  async putFile(path: string, data: Uint8Array): Promise<void> {
    this.replace({ path, kind: 'file', data: data.slice() });
  }
  async putNotKept(path: string, size: number, reason: string): Promise<void> {
    this.replace({ path, kind: 'not-kept', size, reason });
  }
  async putFolder(path: string): Promise<void> {
    for (const p of [path, ...ancestorsOf(path)]) this.records.delete(p);
  }
  async delete(path: string): Promise<void> {
    for (const p of [...this.records.keys()]) if (p === path || isInside(p, path)) this.records.delete(p);
  }

  /** The bytes kept for a file, for assertions. */
  file(path: string): Uint8Array | undefined {
    const r = this.records.get(path);
    return r?.kind === 'file' ? r.data : undefined;
  }

  private replace(record: WorkspaceRecord): void {
    for (const p of ancestorsOf(record.path)) this.records.delete(p);
    for (const p of [...this.records.keys()]) if (isInside(p, record.path)) this.records.delete(p);
    this.records.set(record.path, record);
  }
}
