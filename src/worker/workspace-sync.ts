import type { GuestLink } from '../protocol/guest-link.js';
import type { WorkspaceEntry } from '../protocol/worker-api.js';
import type { UnsavedFile, WorkerEvent } from '../protocol/worker-events.js';
import { WORKSPACE_ROOT } from '../protocol/worker-api.js';
import { diffListings, listingCommand, parseListing } from './workspace-listing.js';
import { WorkspaceSaver } from './workspace-saver.js';
import type { WorkspaceStore } from './workspace-store.js';
import { soleWriter, type WriterLock } from './writer-lock.js';

const POLL_MS = 3000;

const decoder = new TextDecoder();

export interface WorkspaceSyncOptions {
  /** Which tab saves (see {@link WriterLock}). @default soleWriter */
  lock?: WriterLock;
  /** @default 3000 */
  pollMs?: number;
  /** Pause before a failed save is tried again. @default 5000 */
  retryMs?: number;
}

/**
 * Keeps the editor, the guest and the browser's storage in step: the page reads and writes workspace files here,
 * changes made in the terminal are found by polling (only while the page shows the tree), and every change goes to
 * the store (through {@link WorkspaceSaver}) so a reload can put it back into the fresh VM.
 */
export class WorkspaceSync {
  private listing: WorkspaceEntry[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private polling: Promise<void> | undefined;
  private baseline: Promise<void> | undefined;
  private readonly saver: WorkspaceSaver;
  /** This tab became the writer after it had restored: the store holds another tab's files until a full save. */
  private saveEverything = false;
  private restoredOnce = false;
  private readonly pollMs: number;

  constructor(
    private readonly guest: () => GuestLink,
    private readonly store: WorkspaceStore,
    private readonly emit: (event: WorkerEvent) => void,
    options: WorkspaceSyncOptions = {},
  ) {
    this.pollMs = options.pollMs ?? POLL_MS;
    this.saver = new WorkspaceSaver({
      store,
      readFile: (path) => this.guest().readFile(guestPath(path)),
      report: (files) => this.emit({ type: 'fs/unsaved', files }),
      retryMs: options.retryMs,
    });
    (options.lock ?? soleWriter).request(() => {
      if (this.restoredOnce) this.saveEverything = true;
      this.saver.becomeWriter();
      if (this.saveEverything) void this.poll().catch(() => undefined);
    });
  }

  /**
   * After boot: write back what the learner had last time. No guest process runs before the VM is reported ready
   * (each costs a second or more right after a restore, on the way to the first prompt): the image ships the
   * workspace folder, writeFile creates parent folders, and the baseline listing is taken in the background.
   * A file that cannot come back is named, with the reason, in the `fs/restored` event: never left out silently.
   */
  async restore(): Promise<number> {
    const guest = this.guest();
    const notRestored: UnsavedFile[] = [];
    // Storage that cannot be read (blocked by an older Wharf tab, disabled) costs the files, said so, not the VM.
    const records = await this.store.all().catch((error: unknown) => {
      notRestored.push({
        path: '',
        reason: `the saved workspace could not be read (${message(error)})`,
        retrying: false,
      });
      return [];
    });
    records.sort((a, b) => (a.path < b.path ? -1 : 1));
    let count = 0;
    for (const record of records) {
      if (record.kind === 'not-kept') {
        notRestored.push({ path: record.path, reason: `not kept: ${record.reason}`, retrying: false });
        continue;
      }
      try {
        await guest.writeFile(guestPath(record.path), record.data);
        count++;
      } catch (error) {
        notRestored.push({
          path: record.path,
          reason: `could not be written back (${message(error)})`,
          retrying: false,
        });
      }
    }
    this.restoredOnce = true;
    // The restored files are the baseline: they must not come back as "changed" and be saved again. The first poll
    // waits for it.
    this.baseline = this.list().then(
      (listing) => void (this.listing = listing),
      () => undefined,
    );
    if (records.length || notRestored.length) this.emit({ type: 'fs/restored', count, notRestored });
    return count;
  }

  async list(): Promise<WorkspaceEntry[]> {
    const result = await this.guest().exec(listingCommand(WORKSPACE_ROOT), { timeoutMs: 30_000 });
    if (result.exitCode !== 0)
      throw new Error(`listing ${WORKSPACE_ROOT} failed: ${decoder.decode(result.stderr).trim()}`);
    return parseListing(decoder.decode(result.stdout));
  }

  async read(path: string): Promise<string> {
    return decoder.decode(await this.guest().readFile(guestPath(path)));
  }

  /** Write into the guest, then queue the save: the editor's Save succeeds once the guest has the file. */
  async write(path: string, text: string): Promise<void> {
    const data = new TextEncoder().encode(text);
    await this.guest().writeFile(guestPath(path), data);
    this.saver.queue(checkPath(path), { kind: 'file', data });
    await this.saver.flush();
  }

  watch(enabled: boolean): void {
    if (!enabled) {
      if (this.timer !== undefined) clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    this.timer ??= setInterval(() => void this.poll().catch(() => undefined), this.pollMs);
  }

  /** One look at the guest: report what changed and save it. Overlapping polls share one run. */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    await this.baseline;
    const next = await this.list();
    const changes = diffListings(this.listing, next);
    this.listing = next;
    for (const change of changes) {
      if (change.change === 'deleted') this.saver.queue(change.path, { kind: 'deleted' });
      else if (change.entry?.kind === 'dir') this.saver.queue(change.path, { kind: 'folder' });
      else this.saver.queue(change.path, { kind: 'file' });
      this.emit({ type: 'fs/changed', ...change });
    }
    if (this.saveEverything) await this.queueEverything(next);
    await this.saver.flush();
  }

  /** Make the store this tab's workspace: every file saved again, records of paths it does not have dropped. */
  private async queueEverything(listing: WorkspaceEntry[]): Promise<void> {
    const present = new Set(listing.map((e) => e.path));
    for (const record of await this.store.all())
      if (!present.has(record.path)) this.saver.queue(record.path, { kind: 'deleted' });
    for (const entry of listing) this.saver.queue(entry.path, { kind: entry.kind === 'dir' ? 'folder' : 'file' });
    this.saveEverything = false;
  }
}

/**
 * A workspace path from the page, checked: relative, no `..`, no empty segments. The page is ours, but a file name
 * it got from the guest must not let a save escape the workspace.
 */
export function checkPath(path: string): string {
  const parts = path.split('/');
  if (path === '' || path.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new Error(`invalid workspace path: ${JSON.stringify(path)}`);
  }
  return path;
}

function guestPath(path: string): string {
  return `${WORKSPACE_ROOT}/${checkPath(path)}`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
