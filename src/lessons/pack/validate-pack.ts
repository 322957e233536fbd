/**
 * From whatever JSON.parse made of an untrusted file to a LessonPack, or to the one sentence that says what is wrong
 * with it: the first problem in the file's order, naming the field (`lessons[2].files["lesson.md"] must be text, not
 * a number.`). The pack it returns is rebuilt from the fields it checked, so nothing else in the file rides along.
 */
import { formatBytes, formatOver, utf8Length } from './byte-size.js';
import {
  LESSON_PACK_FORMAT,
  LESSON_PACK_VERSION,
  type LessonPack,
  type PackedLesson,
  type PackLimits,
} from './lesson-pack.js';
import { isWellFormedText, pathProblem, quoteName, slugProblem } from './pack-names.js';

export type PackCheck = { ok: true; pack: LessonPack } | { ok: false; error: string };

/** A title is one line on the course map. */
export const MAX_TITLE_LENGTH = 200;

/** Thrown inside this file only, to stop at the first problem; validatePack turns it into its result. */
class PackProblem extends Error {}

export function validatePack(value: unknown, limits: PackLimits): PackCheck {
  try {
    return { ok: true, pack: checkPack(value, limits) };
  } catch (error) {
    if (error instanceof PackProblem) return { ok: false, error: error.message };
    throw error;
  }
}

function problem(sentence: string): never {
  throw new PackProblem(sentence);
}

function checkPack(value: unknown, limits: PackLimits): LessonPack {
  if (!isObject(value)) {
    problem(
      `Not a lesson pack: the file holds ${describe(value)}, not an object with "format": "${LESSON_PACK_FORMAT}".`,
    );
  }
  if (!has(value, 'format'))
    problem(`Not a lesson pack: it has no "format" (a lesson pack has "format": "${LESSON_PACK_FORMAT}").`);
  if (value.format !== LESSON_PACK_FORMAT) {
    const format = typeof value.format === 'string' ? quoteName(value.format) : describe(value.format);
    problem(`Not a lesson pack: its "format" is ${format}, not "${LESSON_PACK_FORMAT}".`);
  }
  const version = value.version;
  if (!has(value, 'version'))
    problem(`"version" is missing (this Wharf reads lesson packs of version ${LESSON_PACK_VERSION}).`);
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    const shown = typeof version === 'number' ? String(version) : describe(version);
    problem(`"version" must be a whole number from 1 up, not ${shown}.`);
  }
  if (version > LESSON_PACK_VERSION) {
    problem(
      `This lesson pack was made by a newer Wharf (pack version ${version}; this Wharf reads version ${LESSON_PACK_VERSION}).`,
    );
  }
  let title: string | undefined;
  if (has(value, 'title')) {
    if (typeof value.title !== 'string') problem(`"title" must be text, not ${describe(value.title)}.`);
    if (value.title.length > MAX_TITLE_LENGTH) {
      problem(`"title" is ${value.title.length} characters long; a title has at most ${MAX_TITLE_LENGTH}.`);
    }
    if (!isWellFormedText(value.title)) problem('"title" has a broken character in it (half of a UTF-16 pair).');
    title = value.title;
  }
  if (!has(value, 'lessons')) problem('"lessons" is missing: a lesson pack lists its lessons.');
  const lessons = value.lessons;
  if (!Array.isArray(lessons)) problem(`"lessons" must be a list, not ${describe(lessons)}.`);
  if (lessons.length === 0) problem('This lesson pack has no lessons in it.');
  if (lessons.length > limits.maxLessons) {
    problem(`This lesson pack has ${lessons.length} lessons; at most ${limits.maxLessons} can be opened.`);
  }
  const bySlug = new Map<string, number>();
  let fileCount = 0;
  const packed = lessons.map((lesson: unknown, index): PackedLesson => {
    const where = `lessons[${index}]`;
    if (!isObject(lesson)) problem(`${where} must be an object with "slug" and "files", not ${describe(lesson)}.`);
    if (!has(lesson, 'slug')) problem(`${where}.slug is missing.`);
    const slug = lesson.slug;
    if (typeof slug !== 'string') problem(`${where}.slug must be text, not ${describe(slug)}.`);
    const slugIssue = slugProblem(slug);
    if (slugIssue) problem(`${where}.slug ${quoteName(slug)} ${slugIssue}.`);
    const first = bySlug.get(slug);
    if (first !== undefined)
      problem(`${where}.slug "${slug}" is taken by lessons[${first}]: two lessons cannot share a slug.`);
    bySlug.set(slug, index);

    if (!has(lesson, 'files')) problem(`${where}.files is missing.`);
    const files = lesson.files;
    if (!isObject(files)) problem(`${where}.files must be an object of path -> text, not ${describe(files)}.`);
    const entries = Object.entries(files);
    fileCount += entries.length;
    if (fileCount > limits.maxFiles) {
      problem(`This lesson pack has more than ${limits.maxFiles} files; at most ${limits.maxFiles} can be opened.`);
    }
    for (const [path, text] of entries) {
      const field = `${where}.files[${quoteName(path)}]`;
      const pathIssue = pathProblem(path);
      if (pathIssue) problem(`${field} ${pathIssue}.`);
      if (typeof text !== 'string') problem(`${field} must be text, not ${describe(text)}.`);
      const bytes = utf8Length(text);
      if (bytes > limits.maxFileBytes) {
        problem(
          `${field} is ${formatOver(bytes, limits.maxFileBytes)}; one file may be at most ${formatBytes(limits.maxFileBytes)}.`,
        );
      }
      if (!isWellFormedText(text)) problem(`${field} has a broken character in it (half of a UTF-16 pair).`);
    }
    if (!entries.some(([path]) => path === 'lesson.md')) problem(`${where} ("${slug}") has no lesson.md.`);
    // fromEntries defines each key as the object's own, so even a path named like a prototype stays a plain file.
    return { slug, files: Object.fromEntries(entries) as Record<string, string> };
  });
  return {
    format: LESSON_PACK_FORMAT,
    version: LESSON_PACK_VERSION,
    ...(title !== undefined ? { title } : {}),
    lessons: packed,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own field only: `{}` does not "have" a `constructor`. */
function has(value: Record<string, unknown>, field: string): boolean {
  return Object.hasOwn(value, field);
}

/** What a wrong value is, in a message: `a number`, `a list`, `null`. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
