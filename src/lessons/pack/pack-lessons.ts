/**
 * Make a lesson pack from lessons as loadLessons takes them (a folder read in Node, an author's draft on the page).
 * A lesson travels as its lesson.md, setup.sh and files/; anything else in its folder stays behind
 * (`filesLeftOut` says what). The pack is checked as a reader would check it, so what this makes always opens.
 */
import {
  DEFAULT_PACK_LIMITS,
  lessonPackText,
  type LessonPack,
  type PackedLesson,
  type PackLimits,
} from './lesson-pack.js';
import { isPackablePath } from './pack-names.js';
import { readLessonPack } from './read-lesson-pack.js';

export interface PackOptions {
  /** The course's name; a pack of several lessons is saved under it. */
  title?: string;
  /** The lessons to pack, by slug or by folder (`lessons/first-containers`); all of them when left out. */
  only?: string[];
  limits?: Partial<PackLimits>;
}

/** Thrown when the lessons cannot make a pack; its message says why in the author's terms. */
export class PackLessonsError extends Error {
  override name = 'PackLessonsError';
}

/** One lesson folder found in the files: where it is (`lessons/x/`, with the slash) and its slug. */
interface LessonFolder {
  root: string;
  slug: string;
}

/** The lessons of a path->text map as loadLessons takes it (keys like `lessons/<slug>/lesson.md`), packed. */
export function packLessons(files: Readonly<Record<string, string>>, options: PackOptions = {}): LessonPack {
  const folders = chosenFolders(files, options.only);
  const seen = new Map<string, string>();
  for (const { root, slug } of folders) {
    const other = seen.get(slug);
    if (other !== undefined) {
      throw new PackLessonsError(
        `${other} and ${root} are both lesson "${slug}": a pack cannot hold two lessons of one name`,
      );
    }
    seen.set(slug, root);
  }
  const lessons = folders.map(({ root, slug }): PackedLesson => {
    const entries = Object.entries(files)
      .filter(([path]) => path.startsWith(root) && isPackablePath(path.slice(root.length)))
      .map(([path, text]) => [path.slice(root.length), text] as const)
      .sort(([a], [b]) => readingOrder(a) - readingOrder(b) || (a < b ? -1 : a > b ? 1 : 0));
    return { slug, files: Object.fromEntries(entries) as Record<string, string> };
  });
  const pack: LessonPack = {
    format: 'wharf-lesson-pack',
    version: 1,
    ...(options.title !== undefined ? { title: options.title } : {}),
    lessons,
  };
  const read = readLessonPack(lessonPackText(pack), { ...DEFAULT_PACK_LIMITS, ...options.limits });
  if (!read.ok) throw new PackLessonsError(`these lessons do not make a pack that opens: ${read.error}`);
  return pack;
}

/** lesson.md first in a pack's lesson, so someone opening the file reads what the lesson is before its files. */
function readingOrder(path: string): number {
  return path === 'lesson.md' ? 0 : 1;
}

/** Files of the chosen lessons' folders that a pack does not carry (notes, pictures), by their path in `files`. */
export function filesLeftOut(files: Readonly<Record<string, string>>, only?: string[]): string[] {
  const folders = chosenFolders(files, only);
  return Object.keys(files)
    .filter((path) => {
      const folder = folders.find(({ root }) => path.startsWith(root));
      return (
        folder !== undefined && !isPackablePath(path.slice(folder.root.length)) && !insideAnother(path, folder, folders)
      );
    })
    .sort();
}

/** A lesson folder inside another's (`x/files/lesson.md`) is its own lesson, not a file the outer one leaves out. */
function insideAnother(path: string, folder: LessonFolder, folders: readonly LessonFolder[]): boolean {
  return folders.some(({ root }) => root !== folder.root && root.startsWith(folder.root) && path.startsWith(root));
}

function chosenFolders(files: Readonly<Record<string, string>>, only: readonly string[] | undefined): LessonFolder[] {
  const all = Object.keys(files)
    .filter((path) => path === 'lesson.md' || path.endsWith('/lesson.md'))
    .map((path) => path.slice(0, -'lesson.md'.length))
    .sort()
    .map((root) => ({ root, slug: root.replace(/\/$/, '').split('/').pop() ?? '' }));
  if (all.length === 0)
    throw new PackLessonsError('there is no lesson to pack (a lesson is a folder with a lesson.md)');
  if (!only) return all;
  const wanted = only.map((name) => {
    const match = all.filter(({ root, slug }) => name === slug || `${name.replace(/\/+$/, '')}/` === root);
    if (match.length === 0) {
      throw new PackLessonsError(
        `there is no lesson "${name}" to pack (lessons: ${all.map((f) => f.slug).join(', ')})`,
      );
    }
    return match;
  });
  return all.filter((folder) => wanted.some((match) => match.includes(folder)));
}
