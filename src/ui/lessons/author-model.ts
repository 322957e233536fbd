import { useSyncExternalStore } from 'react';
import type { LessonDraft, LessonView, OpenPackResult } from '../../protocol/lessons.js';
import type { WorkerApi } from '../../protocol/worker-api.js';
import type { WorkerEvent } from '../../protocol/worker-events.js';
import type { KeyValueStorage } from './lessons-model.js';

/** Where the folder author mode had open is kept, so a reload opens it again. */
export const AUTHOR_KEY = 'wharf:author';

/** One message over the lesson pane: what opening or importing something did, or why it changed nothing. */
export interface Banner {
  kind: 'error' | 'done';
  text: string;
}

export interface AuthorView {
  /** The draft as the worker read it last (undefined: author mode has no folder open). */
  draft?: LessonDraft;
  /** The draft's last version that loaded: the preview stays while the instructor fixes an error. */
  preview?: LessonView;
  /** The folder open in author mode, kept across reloads. */
  folder?: string;
  banner?: Banner;
  /** Bumped when the opened lessons changed: the pane reads the catalog again. */
  catalogVersion: number;
}

/** The calls this model makes on the worker (a subset of its API, so tests hand in a fake). */
export type AuthorApi = Pick<
  { [K in keyof WorkerApi]: (...args: Parameters<WorkerApi[K]>) => Promise<Awaited<ReturnType<WorkerApi[K]>>> },
  | 'openLessonDraft'
  | 'closeLessonDraft'
  | 'createLessonFolder'
  | 'writeWorkspaceFile'
  | 'openLessonPack'
  | 'fetchLessonPack'
  | 'removeLessonPack'
>;

/** A file of a folder dropped on the page, by its path inside that folder. */
export interface DroppedFile {
  path: string;
  text: string;
}

/**
 * Author mode and shared lessons, on the page's side: the draft the worker follows (with its last good version), the
 * folder to open again after a reload, and opening packs from a file, a drop or a URL with the one banner that says
 * what happened. Lives as long as the page (like LessonsModel), so a drop or `?lesson=` works whatever pane shows.
 */
export class AuthorModel {
  private view: AuthorView;
  private readonly subs = new Set<() => void>();

  constructor(
    private readonly api: AuthorApi,
    private readonly storage: KeyValueStorage | undefined,
  ) {
    this.view = { catalogVersion: 0, ...savedFolder(storage) };
  }

  get = (): AuthorView => this.view;
  subscribe = (fn: () => void): (() => void) => {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  };

  apply(event: WorkerEvent): void {
    if (event.type !== 'lesson/draft') return;
    const draft = event.draft;
    if (!draft) return this.set({ draft: undefined, preview: undefined });
    // A new folder's draft starts without the other folder's preview.
    const keep = this.view.preview?.slug === draft.slug ? this.view.preview : undefined;
    this.set({ draft, preview: draft.lesson ?? keep });
  }

  /** Open a workspace folder in author mode; resolves with the draft's slug (undefined when it failed: banner). */
  async openFolder(folder: string): Promise<string | undefined> {
    try {
      const draft = await this.api.openLessonDraft(folder);
      this.remember(draft.folder);
      this.apply({ type: 'lesson/draft', draft });
      return draft.slug;
    } catch (error) {
      this.set({ banner: { kind: 'error', text: `${folder} could not be opened: ${message(error)}` } });
      return undefined;
    }
  }

  /** After a reload: open the folder author mode had open (once the VM, which holds the files, is ready). */
  async resume(): Promise<void> {
    if (this.view.folder !== undefined && !this.view.draft) await this.openFolder(this.view.folder);
  }

  /** Write the starter lesson into a new folder and open it. */
  async createFolder(folder: string): Promise<string | undefined> {
    try {
      await this.api.createLessonFolder(folder);
    } catch (error) {
      this.set({ banner: { kind: 'error', text: message(error) } });
      return undefined;
    }
    return this.openFolder(folder);
  }

  /** A folder dropped on the page: its files into the workspace (under its name), then open it. */
  async importFolder(name: string, files: readonly DroppedFile[]): Promise<string | undefined> {
    if (!files.some((f) => f.path === 'lesson.md')) {
      this.set({
        banner: { kind: 'error', text: `The folder “${name}” has no lesson.md at its top: it is not a lesson folder.` },
      });
      return undefined;
    }
    try {
      for (const file of files) await this.api.writeWorkspaceFile(`${name}/${file.path}`, file.text);
    } catch (error) {
      this.set({
        banner: { kind: 'error', text: `${name} could not be copied into the workspace: ${message(error)}` },
      });
      return undefined;
    }
    this.set({ banner: { kind: 'done', text: `Copied ${name} into the workspace (${files.length} files).` } });
    return this.openFolder(name);
  }

  close(): void {
    void this.api.closeLessonDraft().catch(() => undefined);
    this.remember(undefined);
    this.set({ draft: undefined, preview: undefined });
  }

  /** A pack's text or bytes, from a file called `from`. Resolves with the first lesson's slug when it opened. */
  async openPack(input: string | Uint8Array, from: string): Promise<string | undefined> {
    return this.afterPack(await this.api.openLessonPack(input, from).catch(failed));
  }

  async openPackUrl(url: string): Promise<string | undefined> {
    return this.afterPack(await this.api.fetchLessonPack(url).catch(failed));
  }

  async removePack(id: string, title: string): Promise<void> {
    try {
      await this.api.removeLessonPack(id);
      this.set({ banner: { kind: 'done', text: `Removed “${title}”.` }, catalogVersion: this.view.catalogVersion + 1 });
    } catch (error) {
      this.set({ banner: { kind: 'error', text: `“${title}” could not be removed: ${message(error)}` } });
    }
  }

  /** Tell the learner something that is not the result of a call here (a drop of something that is no lesson). */
  say(banner: Banner | undefined): void {
    this.set({ banner });
  }

  private afterPack(result: OpenPackResult): string | undefined {
    if (!result.ok) {
      this.set({ banner: { kind: 'error', text: result.error } });
      return undefined;
    }
    const count = result.lessons.length === 1 ? '1 lesson' : `${result.lessons.length} lessons`;
    const replaced = result.replaced.length ? ', replacing the version opened before' : '';
    this.set({
      banner: { kind: 'done', text: `Opened “${result.title}” (${count}${replaced}). It stays in this browser.` },
      catalogVersion: this.view.catalogVersion + 1,
    });
    return result.lessons[0];
  }

  private remember(folder: string | undefined): void {
    this.set({ folder });
    try {
      if (folder === undefined) this.storage?.setItem(AUTHOR_KEY, '');
      else this.storage?.setItem(AUTHOR_KEY, JSON.stringify({ version: 1, folder }));
    } catch {
      // storage refused: author mode just will not reopen the folder after a reload
    }
  }

  private set(patch: Partial<AuthorView>): void {
    this.view = { ...this.view, ...patch };
    for (const s of this.subs) s();
  }
}

export function useAuthor(model: AuthorModel): AuthorView {
  return useSyncExternalStore(model.subscribe, model.get);
}

/** The saved folder; anything unreadable reads as none. */
function savedFolder(storage: KeyValueStorage | undefined): { folder?: string } {
  try {
    const data: unknown = JSON.parse(storage?.getItem(AUTHOR_KEY) || 'null');
    if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
      const { version, folder } = data as Record<string, unknown>;
      if (version === 1 && typeof folder === 'string' && folder !== '') return { folder };
    }
  } catch {
    // broken JSON, storage refused
  }
  return {};
}

function failed(error: unknown): OpenPackResult {
  return { ok: false, error: message(error) };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
