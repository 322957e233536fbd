import { loadLessons, type Lesson, type LessonError } from '../lessons/index.js';
import { DRAFT_PREFIX, type LessonDraft } from '../protocol/lessons.js';
import type { WorkspaceEntry } from '../protocol/worker-api.js';

/** Edits come in bursts (a save, then the editor's next one; a `cp -r`): read the folder once they settle. */
export const DRAFT_DEBOUNCE_MS = 300;
/** A lesson folder is text an instructor writes: anything bigger is a mistake (a copied image, a build folder). */
export const DRAFT_MAX_FILE_BYTES = 512 * 1024;
export const DRAFT_MAX_FILES = 300;

export interface LessonDraftDeps {
  /** Every workspace entry (paths relative to the workspace root). */
  list(): Promise<WorkspaceEntry[]>;
  read(path: string): Promise<string>;
  /** Hear of workspace files changing (saved from the editor, written by a lesson, seen by the poll). */
  onFileChanged(listener: (path: string) => void): () => void;
  /** Slugs the draft may name as prerequisites (the build's lessons). */
  knownSlugs: readonly string[];
  /** Every new reading of the draft: the lesson when it loads (slug already the draft's), else undefined. */
  publish(draft: LessonDraft | undefined, lesson: Lesson | undefined): void;
  debounceMs?: number;
}

/**
 * Author mode's one draft: a lesson folder in the workspace, read and loaded with the same loader as the build's
 * lessons, again after any file under it changed (debounced), each reading published as it is. Readings that overlap
 * (a change while the folder is being read) publish only the newest.
 */
export class LessonDraftWatcher {
  private folder: string | undefined;
  private stopListening: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every reading and by close(): a reading publishes only while it is the latest. */
  private generation = 0;
  private latest: DraftReading | undefined;

  constructor(private readonly deps: LessonDraftDeps) {}

  /** Follow this folder (relative to the workspace root) instead of any other; resolves with its first reading. */
  async open(folder: string): Promise<LessonDraft> {
    const clean = normalizeFolder(folder);
    this.close();
    this.folder = clean;
    this.stopListening = this.deps.onFileChanged((path) => {
      if (path === clean || path.startsWith(`${clean}/`)) this.schedule();
    });
    return this.reread();
  }

  close(): void {
    const wasOpen = this.folder !== undefined;
    this.stopListening?.();
    this.stopListening = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.folder = undefined;
    this.latest = undefined;
    this.generation++;
    if (wasOpen) this.deps.publish(undefined, undefined);
  }

  /** The last reading, with the loaded lesson when it loads. */
  current(): DraftReading | undefined {
    return this.latest;
  }

  /** Read the folder again now (after the VM restarted, its files came back). */
  async reread(): Promise<LessonDraft> {
    const folder = this.folder;
    if (folder === undefined) throw new Error('no lesson folder is open in author mode');
    const generation = ++this.generation;
    const reading = await readDraft(folder, this.deps);
    if (generation === this.generation) {
      this.latest = reading;
      this.deps.publish(reading.draft, reading.lesson);
    }
    return reading.draft;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reread().catch(() => undefined);
    }, this.deps.debounceMs ?? DRAFT_DEBOUNCE_MS);
  }
}

/** `./course//intro/` -> `course/intro`; refuses what would leave the workspace. */
export function normalizeFolder(folder: string): string {
  const parts = folder.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0) throw new Error('name a folder in the workspace (such as my-lesson)');
  if (parts.includes('..')) throw new Error(`"${folder}" leaves the workspace: name a folder inside it`);
  return parts.join('/');
}

/** The draft's slug: its folder's name, kept to what a URL and a progress record can hold. */
export function draftSlug(folder: string): string {
  const name = folder.split('/').pop() ?? 'lesson';
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return `${DRAFT_PREFIX}${safe || 'lesson'}`;
}

/** One reading of the draft's folder: what the pane gets, the lesson the worker runs, and the files it read. */
export interface DraftReading {
  draft: LessonDraft;
  lesson: Lesson | undefined;
  /** The folder's files by workspace path (`my-lesson/lesson.md`), as loadLessons and packLessons take them. */
  files: Record<string, string>;
}

async function readDraft(folder: string, deps: LessonDraftDeps): Promise<DraftReading> {
  const slug = draftSlug(folder);
  const base: LessonDraft = { folder, slug, errors: [] };
  const files: Record<string, string> = {};
  let entries: WorkspaceEntry[];
  try {
    entries = await deps.list();
  } catch (error) {
    const problem = `the workspace could not be read (${message(error)})`;
    return { draft: { ...base, problem }, lesson: undefined, files };
  }
  const inside = entries.filter((e) => e.kind === 'file' && e.path.startsWith(`${folder}/`));
  const source = `${folder}/lesson.md`;
  if (!inside.some((e) => e.path === source)) {
    const problem = `there is no ${source} in the workspace (a lesson folder holds a lesson.md)`;
    return { draft: { ...base, problem }, lesson: undefined, files };
  }

  const errors: LessonError[] = [];
  if (inside.length > DRAFT_MAX_FILES)
    errors.push(at(folder, `the folder holds ${inside.length} files; a lesson may have ${DRAFT_MAX_FILES}`));
  for (const entry of inside.slice(0, DRAFT_MAX_FILES)) {
    if (entry.size > DRAFT_MAX_FILE_BYTES) {
      errors.push(at(entry.path, `larger than ${DRAFT_MAX_FILE_BYTES / 1024} KB: a lesson's files are text`));
      continue;
    }
    try {
      files[entry.path] = await deps.read(entry.path);
    } catch (error) {
      errors.push(at(entry.path, `could not be read (${message(error)})`));
    }
  }
  // The build's lessons count as prerequisites (an empty lesson.md is enough for the loader to know the slug).
  const withKnown = { ...files };
  for (const known of deps.knownSlugs) withKnown[`.wharf-known/${known}/lesson.md`] ??= '';

  const result = loadLessons(withKnown).find((r) => r.source === source);
  if (!result) return { draft: { ...base, problem: `${source} could not be loaded` }, lesson: undefined, files };
  if (!result.ok || errors.length > 0) {
    const all = [...errors, ...(result.ok ? [] : result.errors)];
    return { draft: { ...base, errors: all }, lesson: undefined, files };
  }
  const lesson: Lesson = { ...result.lesson, slug };
  return { draft: { ...base, lesson }, lesson, files };
}

function at(file: string, text: string): LessonError {
  return { file, line: 1, column: 1, message: text };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
