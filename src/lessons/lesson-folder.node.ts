/**
 * NODE ONLY (tests, tools): read a lessons folder into the path -> text map `loadLessons` takes. The rest of
 * src/lessons never touches a file system, so it runs unchanged in the VM worker.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Every file under `folder`, keyed by its path relative to `base` with `/` separators (e.g. `lessons/x/lesson.md`). */
export async function readLessonFolder(folder: string, base = join(folder, '..')): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(base, path).split(sep).join('/')] = await readFile(path, 'utf8');
  }
  return files;
}
