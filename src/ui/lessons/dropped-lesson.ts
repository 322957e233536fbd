import type { DroppedFile } from './author-model.js';

/** What was dropped on the page, as far as lessons go. */
export type Dropped =
  | { kind: 'folder'; name: string; files: DroppedFile[]; skipped: string[] }
  | { kind: 'pack'; name: string; bytes: Uint8Array }
  | { kind: 'other'; reason: string };

/** A dropped folder is copied into the workspace: text an instructor wrote, not a disk image. */
export const DROP_MAX_FILES = 300;
export const DROP_MAX_FILE_BYTES = 512 * 1024;

/** The part of the File and Directory Entries API a drop hands over (Chromium, Firefox, Safari). */
interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
}
interface FileEntry extends Entry {
  file(ok: (file: File) => void, fail: (error: unknown) => void): void;
}
interface DirectoryEntry extends Entry {
  createReader(): { readEntries(ok: (entries: Entry[]) => void, fail: (error: unknown) => void): void };
}

/** Does this drag carry files (so the page should offer to take it)? */
export function carriesFiles(types: readonly string[]): boolean {
  return types.includes('Files');
}

/**
 * Read a drop: one folder (a lesson being written: its files, skipping ones too big or too many), or one
 * `.json` file (a lesson pack: its bytes, checked by the worker). Entries must be taken from the DataTransfer
 * synchronously, in the drop event itself; reading them may take longer.
 */
export async function readDrop(data: DataTransfer): Promise<Dropped> {
  const items = [...data.items].filter((item) => item.kind === 'file');
  const entries = items.map((item) => item.webkitGetAsEntry() as Entry | null);
  const files = [...data.files];
  if (items.length !== 1) return { kind: 'other', reason: 'Drop one lesson folder or one lesson file at a time.' };
  const entry = entries[0];
  if (entry?.isDirectory) return readFolder(entry as DirectoryEntry);
  const file = files[0];
  if (!file) return { kind: 'other', reason: 'The drop carried no file.' };
  if (!file.name.toLowerCase().endsWith('.json'))
    return {
      kind: 'other',
      reason: `${file.name} is not a lesson: drop a lesson folder (with a lesson.md) or a .wharf-lesson.json file.`,
    };
  return { kind: 'pack', name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

async function readFolder(root: DirectoryEntry): Promise<Dropped> {
  const files: DroppedFile[] = [];
  const skipped: string[] = [];
  const walk = async (dir: DirectoryEntry, prefix: string): Promise<void> => {
    for (const entry of await readAll(dir)) {
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory) await walk(entry as DirectoryEntry, `${path}/`);
      else if (entry.isFile) {
        const file = await new Promise<File>((ok, fail) => (entry as FileEntry).file(ok, fail));
        if (files.length >= DROP_MAX_FILES) skipped.push(`${path} (more than ${DROP_MAX_FILES} files)`);
        else if (file.size > DROP_MAX_FILE_BYTES)
          skipped.push(`${path} (larger than ${DROP_MAX_FILE_BYTES / 1024} KB)`);
        else files.push({ path, text: await file.text() });
      }
    }
  };
  await walk(root, '');
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { kind: 'folder', name: root.name, files, skipped };
}

/** readEntries hands a folder over in batches (100 at a time in Chromium): read until it returns none. */
async function readAll(dir: DirectoryEntry): Promise<Entry[]> {
  const reader = dir.createReader();
  const all: Entry[] = [];
  for (;;) {
    const batch = await new Promise<Entry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}
