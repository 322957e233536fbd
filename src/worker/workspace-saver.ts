import type { UnsavedFile } from '../protocol/worker-events.js';
import type { WorkspaceStore } from './workspace-store.js';

/** Files larger than this are not kept between visits (an image pulled into the workspace, a tarball). */
export const MAX_KEPT_FILE = 1024 * 1024;
const RETRY_MS = 5000;

/** What happened to a path, as far as the store needs to know. */
export type WorkspaceChange = { kind: 'file'; data?: Uint8Array } | { kind: 'folder' } | { kind: 'deleted' };

export interface SaverOptions {
  store: WorkspaceStore;
  /** The file's current bytes in the guest (a save reads them when it happens, so it keeps the newest). */
  readFile: (path: string) => Promise<Uint8Array>;
  /** Every time the list of files whose current content would not come back after a reload changes. */
  report: (files: UnsavedFile[]) => void;
  /** @default 5000 */
  retryMs?: number;
}

/**
 * The workspace's changes on their way into the store. A change stays queued until its save succeeded: a failed
 * read or a full quota costs a retry (every few seconds), never the file, and one failure does not hold back the
 * other files. Only the tab that is the writer saves; the others queue and say so.
 */
export class WorkspaceSaver {
  private readonly pending = new Map<string, WorkspaceChange>();
  /** Why a path's last save failed (it is retried). */
  private readonly failed = new Map<string, string>();
  /** Files kept only as "exists, not kept", with the reason. */
  private readonly tooLarge = new Map<string, string>();
  private writer = false;
  private flushing: Promise<void> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private lastReport = '[]';

  constructor(private readonly options: SaverOptions) {}

  /** This tab became the one that saves: queued changes go out now. */
  becomeWriter(): void {
    this.writer = true;
    void this.flush();
  }

  get isWriter(): boolean {
    return this.writer;
  }

  queue(path: string, change: WorkspaceChange): void {
    // A newer change replaces the queued one; deleting and re-adding keeps the queue in the order things happened.
    this.pending.delete(path);
    this.pending.set(path, change);
    if (change.kind !== 'file') this.tooLarge.delete(path);
  }

  /** Save what is queued. Concurrent calls share one run; a run that leaves failures schedules the next. */
  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    clearTimeout(this.retry);
    this.retry = undefined;
    if (this.writer) {
      for (const [path, change] of [...this.pending]) {
        try {
          await this.save(path, change);
          if (this.pending.get(path) === change) this.pending.delete(path);
          this.failed.delete(path);
        } catch (error) {
          this.failed.set(path, describeFailure(error));
        }
      }
      if (this.pending.size > 0) this.retry = setTimeout(() => void this.flush(), this.options.retryMs ?? RETRY_MS);
    }
    this.publish();
  }

  private async save(path: string, change: WorkspaceChange): Promise<void> {
    const { store } = this.options;
    if (change.kind === 'deleted') return store.delete(path);
    if (change.kind === 'folder') return store.putFolder(path);
    const data = change.data ?? (await this.options.readFile(path));
    if (data.length > MAX_KEPT_FILE) {
      const reason = `larger than ${MAX_KEPT_FILE / 1024 / 1024} MB (${(data.length / 1024 / 1024).toFixed(1)} MB)`;
      await store.putNotKept(path, data.length, reason);
      this.tooLarge.set(path, reason);
      return;
    }
    await store.putFile(path, data);
    this.tooLarge.delete(path);
  }

  private publish(): void {
    const files: UnsavedFile[] = [];
    for (const [path, reason] of this.tooLarge) files.push({ path, reason, retrying: false });
    for (const path of this.pending.keys()) {
      if (this.tooLarge.has(path)) continue;
      const reason = this.writer
        ? (this.failed.get(path) ?? 'not saved yet')
        : 'Wharf is open in another tab, which keeps the workspace; close it to keep this tab’s files';
      files.push({ path, reason, retrying: this.writer });
    }
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const text = JSON.stringify(files);
    if (text === this.lastReport) return;
    this.lastReport = text;
    this.options.report(files);
  }
}

function describeFailure(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') return 'the browser’s storage for this site is full';
  const message = error instanceof Error ? error.message : String(error);
  return `could not be saved (${message})`;
}
