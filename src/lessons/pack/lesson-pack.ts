/**
 * A lesson pack: one JSON file that carries a lesson, or a course of them, from the instructor who wrote it to the
 * page of whoever opens it (docs: "Sharing a lesson"). Plain data, so it crosses the worker boundary and a network
 * as it is; `readLessonPack` is the only way in from outside, `packLessons` the way to make one.
 */

export const LESSON_PACK_FORMAT = 'wharf-lesson-pack';

/** The version this Wharf writes and the newest it reads; a newer one means the file is from a newer Wharf. */
export const LESSON_PACK_VERSION = 1;

/** What a pack's file is called when it is saved: `first-containers.wharf-lesson.json`. */
export const LESSON_PACK_SUFFIX = '.wharf-lesson.json';

export interface LessonPack {
  format: 'wharf-lesson-pack';
  version: 1;
  /** The course's name, when the pack is one. */
  title?: string;
  lessons: PackedLesson[];
}

/** One lesson folder: its slug and its files by path relative to the folder (lesson.md, setup.sh, files/...). */
export interface PackedLesson {
  slug: string;
  files: Record<string, string>;
}

/**
 * How much an untrusted pack may hold: enough for any real course (the three pilot lessons take 40 kB), small enough
 * that a hostile file cannot make the page parse, store or write megabytes of junk. Sizes are UTF-8 bytes.
 */
export interface PackLimits {
  /** The whole file. */
  maxPackBytes: number;
  /** Files in all its lessons together. */
  maxFiles: number;
  /** One file's text. */
  maxFileBytes: number;
  maxLessons: number;
}

export const DEFAULT_PACK_LIMITS: Readonly<PackLimits> = {
  maxPackBytes: 5_000_000,
  maxFiles: 500,
  maxFileBytes: 1_000_000,
  maxLessons: 50,
};

/** The file's text: indented, so a pack reads and diffs line by line in a repository. */
export function lessonPackText(pack: LessonPack): string {
  return `${JSON.stringify(pack, null, 2)}\n`;
}
