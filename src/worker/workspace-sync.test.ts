import { describe, expect, it } from 'vitest';
import { GuestFileError } from '../protocol/guest-link.js';
import type { UnsavedFile, WorkerEvent } from '../protocol/worker-events.js';
import { FakeGuest } from './testing/fake-guest.js';
import { MemoryWorkspaceStore } from './workspace-store.js';
import { WorkspaceSync } from './workspace-sync.js';
import type { WriterLock } from './writer-lock.js';

const ROOT = '/root/workspace';
const text = (data: Uint8Array | undefined) => (data ? new TextDecoder().decode(data) : undefined);

/** A guest that refuses a file below another file, as Linux does (the fake alone would not notice). */
class StrictGuest extends FakeGuest {
  override async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++)
      if (this.files.has(parts.slice(0, i).join('/'))) throw new GuestFileError('ENOTDIR', path);
    return super.writeFile(path, data);
  }
}

/** Web Locks in miniature: one holder; the next waiting tab is granted when it lets go. */
class FakeLocks {
  private held = false;
  private readonly waiting: (() => void)[] = [];
  readonly lock: WriterLock = {
    request: (onGranted) => {
      if (this.held) this.waiting.push(onGranted);
      else {
        this.held = true;
        onGranted();
      }
    },
  };
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

function tab(store: MemoryWorkspaceStore, options: { lock?: WriterLock; guest?: FakeGuest } = {}) {
  const guest = options.guest ?? new StrictGuest();
  const events: WorkerEvent[] = [];
  const sync = new WorkspaceSync(
    () => guest,
    store,
    (e) => events.push(e),
    { lock: options.lock, retryMs: 20 },
  );
  const lastUnsaved = (): UnsavedFile[] | undefined =>
    events.findLast((e): e is Extract<WorkerEvent, { type: 'fs/unsaved' }> => e.type === 'fs/unsaved')?.files;
  return { guest, sync, events, lastUnsaved };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('WorkspaceSync and its store', () => {
  it('keeps the tree when a file is replaced by a folder, and the next boot restores it (no ENOTDIR)', async () => {
    const store = new MemoryWorkspaceStore();
    const first = tab(store);
    await first.sync.restore();
    await first.guest.writeFile(`${ROOT}/app`, 'a file\n');
    await first.sync.poll();
    expect(text(store.file('app'))).toBe('a file\n');
    // rm app; mkdir app; echo > app/x
    first.guest.files.delete(`${ROOT}/app`);
    await first.guest.writeFile(`${ROOT}/app/x`, '\n');
    await first.sync.poll();
    expect([...store.records.keys()]).toEqual(['app/x']);

    const next = tab(store);
    expect(await next.sync.restore()).toBe(1);
    expect(text(next.guest.files.get(`${ROOT}/app/x`)?.data)).toBe('\n');
    expect(next.events).toContainEqual({ type: 'fs/restored', count: 1, notRestored: [] });

    // ...and back: the folder replaced by a file drops what was under it.
    await store.putFile('app', new Uint8Array([1]));
    expect([...store.records.keys()]).toEqual(['app']);
  });

  it('saves the other files when one read fails, and retries the failed one until it is saved', async () => {
    const store = new MemoryWorkspaceStore();
    const t = tab(store);
    await t.sync.restore();
    for (const name of ['a.txt', 'b.txt', 'c.txt']) await t.guest.writeFile(`${ROOT}/${name}`, name);
    const read = t.guest.readFile.bind(t.guest);
    let failures = 1;
    t.guest.readFile = (path) =>
      path.endsWith('b.txt') && failures-- > 0 ? Promise.reject(new Error('agent busy')) : read(path);
    await t.sync.poll();
    expect(text(store.file('a.txt'))).toBe('a.txt');
    expect(text(store.file('c.txt'))).toBe('c.txt');
    expect(store.file('b.txt')).toBeUndefined();
    expect(t.lastUnsaved()).toEqual([{ path: 'b.txt', reason: 'could not be saved (agent busy)', retrying: true }]);
    await until(() => store.file('b.txt') !== undefined, 'the retry');
    expect(text(store.file('b.txt'))).toBe('b.txt');
    await until(() => t.lastUnsaved()?.length === 0, 'an empty unsaved list');
  });

  it('keeps every change of a poll through a full quota and saves them once there is room', async () => {
    const store = new MemoryWorkspaceStore();
    const t = tab(store);
    await t.sync.restore();
    const putFile = store.putFile.bind(store);
    let full = true;
    store.putFile = (path, data) =>
      full ? Promise.reject(new DOMException('quota', 'QuotaExceededError')) : putFile(path, data);
    await t.guest.writeFile(`${ROOT}/one.txt`, '1');
    await t.guest.writeFile(`${ROOT}/two.txt`, '2');
    await t.sync.poll();
    expect(store.records.size).toBe(0);
    expect(t.lastUnsaved()?.map((f) => [f.path, f.reason])).toEqual([
      ['one.txt', 'the browser’s storage for this site is full'],
      ['two.txt', 'the browser’s storage for this site is full'],
    ]);
    full = false;
    await until(() => store.records.size === 2, 'both files saved after the quota cleared');
    expect(text(store.file('two.txt'))).toBe('2');
  });

  it('never restores the old version of a file that grew past 1 MB, and says why it is missing', async () => {
    const store = new MemoryWorkspaceStore();
    const first = tab(store);
    await first.sync.restore();
    await first.guest.writeFile(`${ROOT}/data.bin`, 'small');
    await first.sync.poll();
    expect(text(store.file('data.bin'))).toBe('small');
    await first.guest.writeFile(`${ROOT}/data.bin`, new Uint8Array(2 * 1024 * 1024));
    await first.sync.poll();
    expect(store.file('data.bin')).toBeUndefined();
    expect(first.lastUnsaved()).toEqual([{ path: 'data.bin', reason: 'larger than 1 MB (2.0 MB)', retrying: false }]);

    const next = tab(store);
    await next.sync.restore();
    expect(next.guest.files.has(`${ROOT}/data.bin`)).toBe(false);
    expect(next.events).toContainEqual({
      type: 'fs/restored',
      count: 0,
      notRestored: [{ path: 'data.bin', reason: 'not kept: larger than 1 MB (2.0 MB)', retrying: false }],
    });
  });

  it('lets one tab save at a time; the next one saves its whole workspace when it takes over', async () => {
    const store = new MemoryWorkspaceStore();
    const locks = new FakeLocks();
    const a = tab(store, { lock: locks.lock });
    const b = tab(store, { lock: locks.lock });
    await a.sync.restore();
    await b.sync.restore();
    await a.guest.writeFile(`${ROOT}/shared.txt`, 'from A');
    await a.guest.writeFile(`${ROOT}/only-a.txt`, 'A');
    await a.sync.poll();
    await b.guest.writeFile(`${ROOT}/shared.txt`, 'from B');
    await b.sync.poll();
    expect(text(store.file('shared.txt'))).toBe('from A');
    expect(b.lastUnsaved()?.[0]).toMatchObject({ path: 'shared.txt', retrying: false });
    expect(b.lastUnsaved()?.[0]?.reason).toMatch(/open in another tab/);

    locks.release(); // tab A closed
    await until(() => text(store.file('shared.txt')) === 'from B', 'B saving its files');
    await until(() => !store.records.has('only-a.txt'), 'A-only records dropped');
    expect([...store.records.keys()]).toEqual(['shared.txt']);
  });

  it('boots without the saved files, and says so, when the storage cannot be read', async () => {
    const store = new MemoryWorkspaceStore();
    store.all = () => Promise.reject(new Error('held by an older Wharf tab'));
    const t = tab(store);
    expect(await t.sync.restore()).toBe(0);
    expect(t.events).toContainEqual({
      type: 'fs/restored',
      count: 0,
      notRestored: [
        { path: '', reason: 'the saved workspace could not be read (held by an older Wharf tab)', retrying: false },
      ],
    });
  });

  it('restores the rest when one file cannot be written back, and names it', async () => {
    const store = new MemoryWorkspaceStore();
    store.records.set('app', { path: 'app', kind: 'file', data: new Uint8Array([1]) });
    store.records.set('app/x', { path: 'app/x', kind: 'file', data: new Uint8Array([2]) }); // a version-1 leftover
    store.records.set('b.txt', { path: 'b.txt', kind: 'file', data: new Uint8Array([3]) });
    const t = tab(store);
    expect(await t.sync.restore()).toBe(2);
    const restored = t.events.find((e) => e.type === 'fs/restored');
    expect(restored).toMatchObject({ count: 2, notRestored: [{ path: 'app/x' }] });
    expect(t.guest.files.has(`${ROOT}/b.txt`)).toBe(true);
  });
});
