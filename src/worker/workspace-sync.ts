import type { GuestLink } from '../protocol/guest-link.js';
import type { WorkspaceEntry } from '../protocol/worker-api.js';
import type { WorkerEvent } from '../protocol/worker-events.js';
import { WORKSPACE_ROOT } from '../protocol/worker-api.js';
import { diffListings, listingCommand, parseListing } from './workspace-listing.js';
import type { WorkspaceStore } from './workspace-store.js';

/** Files larger than this are not kept between visits (an image pulled into the workspace, a tarball). */
const MAX_KEPT_FILE = 1024 * 1024;
const POLL_MS = 3000;

const decoder = new TextDecoder();

/**
 * Keeps the editor, the guest and the browser's storage in step: the page reads and writes workspace files here,
 * changes made in the terminal are found by polling (only while the page shows the tree), and every file is saved
 * to the store so a reload can put it back into the fresh VM.
 */
export class WorkspaceSync {
  private listing: WorkspaceEntry[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private polling: Promise<void> | undefined;
  private baseline: Promise<void> | undefined;

  constructor(
    private readonly guest: () => GuestLink,
    private readonly store: WorkspaceStore,
    private readonly emit: (event: WorkerEvent) => void,
    private readonly pollMs = POLL_MS,
  ) {}

  /**
   * After boot: write back what the learner had last time. No guest process runs before the VM is reported ready
   * (each costs a second or more right after a restore, on the way to the first prompt): the image ships the
   * workspace folder, writeFile creates parent folders, and the baseline listing is taken in the background.
   */
  async restore(): Promise<number> {
    const guest = this.guest();
    const files = await this.store.all();
    for (const [path, data] of files) await guest.writeFile(guestPath(path), data);
    // The restored files are the baseline: they must not come back as "changed" and be saved again. The first poll
    // waits for it.
    this.baseline = this.list().then(
      (listing) => void (this.listing = listing),
      () => undefined,
    );
    if (files.size) this.emit({ type: 'fs/restored', count: files.size });
    return files.size;
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

  async write(path: string, text: string): Promise<void> {
    const data = new TextEncoder().encode(text);
    await this.guest().writeFile(guestPath(path), data);
    await this.store.put(checkPath(path), data);
  }

  watch(enabled: boolean): void {
    if (!enabled) {
      if (this.timer !== undefined) clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    this.timer ??= setInterval(() => void this.poll().catch(() => undefined), this.pollMs);
  }

  /** One look at the guest: report what changed and save changed files. Overlapping polls share one run. */
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
      if (change.change === 'deleted') await this.store.delete(change.path);
      else if (change.entry?.kind === 'file' && change.entry.size <= MAX_KEPT_FILE) {
        const data = await this.guest()
          .readFile(guestPath(change.path))
          .catch(() => undefined);
        if (data) await this.store.put(change.path, data);
      }
      this.emit({ type: 'fs/changed', ...change });
    }
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
