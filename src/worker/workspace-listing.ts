import type { WorkspaceEntry } from '../protocol/worker-api.js';

/**
 * The one guest command that lists the workspace: NUL-separated records so any file name (spaces, newlines)
 * survives; `%P` is the path relative to the starting point. One process per poll keeps the emulated CPU free.
 */
export function listingCommand(root: string): string[] {
  return ['find', root, '-mindepth', '1', '-printf', '%y %s %T@ %P\\0'];
}

export function parseListing(output: string): WorkspaceEntry[] {
  const entries: WorkspaceEntry[] = [];
  for (const record of output.split('\0')) {
    const m = /^(\S) (\d+) (\d+(?:\.\d+)?) (.+)$/s.exec(record);
    if (!m) continue;
    const kind = m[1] === 'd' ? 'dir' : m[1] === 'f' ? 'file' : undefined;
    if (!kind) continue; // symlinks, sockets and fifos are not editable files
    entries.push({ path: m[4]!, kind, size: Number(m[2]), mtimeMs: Math.round(Number(m[3]) * 1000) });
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface ListingChange {
  path: string;
  change: 'created' | 'modified' | 'deleted';
  entry?: WorkspaceEntry;
}

export function diffListings(before: readonly WorkspaceEntry[], after: readonly WorkspaceEntry[]): ListingChange[] {
  const old = new Map(before.map((e) => [e.path, e]));
  const changes: ListingChange[] = [];
  for (const entry of after) {
    const prev = old.get(entry.path);
    old.delete(entry.path);
    if (!prev || prev.kind !== entry.kind) changes.push({ path: entry.path, change: 'created', entry });
    else if (entry.kind === 'file' && (prev.size !== entry.size || prev.mtimeMs !== entry.mtimeMs)) {
      changes.push({ path: entry.path, change: 'modified', entry });
    }
  }
  for (const path of old.keys()) changes.push({ path, change: 'deleted' });
  return changes;
}
