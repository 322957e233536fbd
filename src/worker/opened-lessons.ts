import { formatLessonError, type Lesson } from '../lessons/index.js';
import { readLessonPack } from '../lessons/pack/read-lesson-pack.js';
import { OPENED_PREFIX, type OpenedPack, type OpenPackResult } from '../protocol/lessons.js';
import type { OpenedPackStore, StoredPack } from './opened-pack-store.js';

export interface OpenedLessonsDeps {
  store: OpenedPackStore;
  /** The build's lessons: a pack's lessons may name them as prerequisites. */
  builtIn: readonly string[];
  /** The opened lessons changed (opened, removed, read back from storage). */
  changed(lessons: Lesson[]): void;
  now?: () => number;
}

interface OpenPack {
  stored: StoredPack;
  title: string;
  lessons: Lesson[];
}

/**
 * Lessons opened from shared files (lesson packs), kept in the browser so they are there after a reload and offline.
 * A pack is checked whole before anything changes: one that does not read, or has a lesson that does not load, is
 * refused with one sentence, and what was opened before stays as it was. Opened lessons are namespaced
 * (`opened.<slug>`): a pack can neither replace nor shadow a built-in lesson, and their progress is kept apart.
 * Opening a pack that shares a lesson with one opened earlier replaces that one (a newer version of the same file).
 */
export class OpenedLessons {
  private packs: OpenPack[] = [];
  private loading: Promise<void> | undefined;

  constructor(private readonly deps: OpenedLessonsDeps) {}

  /** Read the kept packs back (once); a record that is corrupt or no longer reads is skipped, never fatal. */
  load(): Promise<void> {
    this.loading ??= this.deps.store.all().then(
      (records) => {
        const packs: OpenPack[] = [];
        // In the order they were opened (the store hands them over by id).
        for (const stored of [...records].sort((a, b) => a.openedAt - b.openedAt)) {
          const read = this.read(stored.text);
          if (read.ok) packs.push({ stored, title: read.title, lessons: read.lessons });
        }
        this.packs = packs;
        this.deps.changed(this.lessons());
      },
      () => undefined, // storage refused (private mode): no opened lessons this visit
    );
    return this.loading;
  }

  catalog(): OpenedPack[] {
    return this.packs.map(({ stored, title, lessons }) => ({
      id: stored.id,
      title,
      from: stored.from,
      openedAt: stored.openedAt,
      lessons,
    }));
  }

  lessons(): Lesson[] {
    return this.packs.flatMap((p) => p.lessons);
  }

  /** Open a pack's text or bytes, from a file called `from` (or a URL); keep it once it is whole and good. */
  async open(input: string | Uint8Array, from: string): Promise<OpenPackResult> {
    await this.load();
    let text: string;
    try {
      text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      return { ok: false, error: `${from} is not a lesson file: it is not text (UTF-8)` };
    }
    const read = this.read(text);
    if (!read.ok) return { ok: false, error: `${from} could not be opened: ${read.error}` };

    const slugs = new Set(read.lessons.map((l) => l.slug));
    const replaced = this.packs.filter((p) => p.lessons.some((l) => slugs.has(l.slug)));
    const stored: StoredPack = {
      // The pack's own slugs: opening the same pack again finds the same record.
      id: [...slugs]
        .map((slug) => slug.slice(OPENED_PREFIX.length))
        .sort()
        .join('+'),
      from,
      openedAt: (this.deps.now ?? Date.now)(),
      text,
    };
    try {
      await this.deps.store.put(stored);
      for (const old of replaced) if (old.stored.id !== stored.id) await this.deps.store.delete(old.stored.id);
    } catch (error) {
      return { ok: false, error: `${from} could not be kept in this browser’s storage (${message(error)})` };
    }
    this.packs = [
      ...this.packs.filter((p) => !replaced.includes(p)),
      { stored, title: read.title, lessons: read.lessons },
    ];
    this.deps.changed(this.lessons());
    return {
      ok: true,
      pack: stored.id,
      title: read.title,
      lessons: read.lessons.map((l) => l.slug),
      replaced: replaced.flatMap((p) => p.lessons.map((l) => l.slug)),
    };
  }

  async remove(id: string): Promise<void> {
    await this.load();
    await this.deps.store.delete(id);
    this.packs = this.packs.filter((p) => p.stored.id !== id);
    this.deps.changed(this.lessons());
  }

  /** The pack's lessons, namespaced, or why it cannot be opened: a pack opens whole or not at all. */
  private read(text: string): { ok: true; title: string; lessons: Lesson[] } | { ok: false; error: string } {
    const read = readLessonPack(text, {}, { lessonsElsewhere: this.deps.builtIn });
    if (!read.ok) return read;
    const broken = read.results.filter((r) => !r.ok);
    if (broken.length > 0) {
      const first = broken[0]!;
      const errors = first.ok ? [] : first.errors;
      const more = errors.length - 1 + (broken.length - 1);
      return {
        ok: false,
        error:
          `its lesson “${first.slug}” does not load: ${errors[0] ? formatLessonError(errors[0]) : 'unknown error'}` +
          (more > 0 ? ` (and ${more} more)` : ''),
      };
    }
    if (read.results.length === 0) return { ok: false, error: 'it holds no lessons' };
    const inPack = new Set(read.results.map((r) => r.slug));
    const lessons = read.results.flatMap((r) => (r.ok ? [namespaced(r.lesson, inPack)] : []));
    const title = read.pack.title ?? lessons.map((l) => l.meta.title).join(', ');
    return { ok: true, title, lessons };
  }
}

/** `x` -> `opened.x`, and its prerequisites inside the pack the same way (the built-in ones stay as they are). */
function namespaced(lesson: Lesson, inPack: ReadonlySet<string>): Lesson {
  const prerequisites = lesson.meta.prerequisites?.map((p) => (inPack.has(p) ? `${OPENED_PREFIX}${p}` : p));
  return {
    ...lesson,
    slug: `${OPENED_PREFIX}${lesson.slug}`,
    meta: { ...lesson.meta, ...(prerequisites ? { prerequisites } : {}) },
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
