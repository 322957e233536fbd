/**
 * What a slug and a file's path in a lesson pack may be. A pack comes from anyone, and its names become folders and
 * files (the CLI's --unpack writes them to disk, the page keys storage by them), so a name either is plainly a name
 * inside its lesson's folder or the pack is refused. Each function returns what is wrong, worded to follow the
 * field it is about (`lessons[0].slug "My Lesson" is not a folder name: ...`), or undefined.
 */

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const MAX_SLUG_LENGTH = 100;
export const MAX_PATH_LENGTH = 200;

/**
 * Names every JavaScript object already has (`constructor`, `toString`, `__proto__`...): a lesson called that would
 * read as present in any plain object keyed by slug, so no lesson may be called that.
 */
const OBJECT_NAMES: ReadonlySet<string> = new Set([
  '__proto__',
  'prototype',
  ...Object.getOwnPropertyNames(Object.prototype),
]);

/** `\0` to `\x1f` and DEL: no file name has them, and they would garble a message or a terminal. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Half of a UTF-16 pair on its own: JSON can spell it (`"\ud800"`), UTF-8 cannot store it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function slugProblem(slug: string): string | undefined {
  if (slug.length > MAX_SLUG_LENGTH) return `is ${slug.length} characters long; a slug has at most ${MAX_SLUG_LENGTH}`;
  if (!SLUG_PATTERN.test(slug)) {
    return 'is not a folder name: a slug is lowercase letters, digits and dashes, starting with a letter or digit';
  }
  if (OBJECT_NAMES.has(slug)) return 'is a name JavaScript objects reserve; call the lesson something else';
  return undefined;
}

/** A lesson's files are its lesson.md, its setup.sh and its starting workspace under files/: nothing else travels. */
export function isPackablePath(path: string): boolean {
  return path === 'lesson.md' || path === 'setup.sh' || (path.startsWith('files/') && path.length > 'files/'.length);
}

/** `path` is relative to the lesson's folder: `lesson.md`, `setup.sh`, `files/web/index.html`. */
export function pathProblem(path: string): string | undefined {
  if (path === '') return 'is an empty path';
  if (CONTROL.test(path)) return 'has a control character in it';
  if (LONE_SURROGATE.test(path)) return 'has a broken character in it (half of a UTF-16 pair), which no file name has';
  if (path.length > MAX_PATH_LENGTH) return `is ${path.length} characters long; a path has at most ${MAX_PATH_LENGTH}`;
  if (path.startsWith('/')) return 'starts with "/": paths in a pack are relative to the lesson\'s folder';
  if (path.includes('\\')) return 'has a "\\" in it: paths in a pack separate folders with "/"';
  const segments = path.split('/');
  if (segments.includes('..')) return 'has a ".." in it: a pack\'s files stay inside their lesson\'s folder';
  if (segments.includes('.')) return 'has a "." folder in it: write the path without it';
  if (segments.includes('')) return 'has an empty folder name in it (a "//", or a "/" at the end)';
  if (segments.includes('__proto__')) return 'has "__proto__" in it, a name JavaScript objects reserve';
  if (!isPackablePath(path)) {
    return 'is not lesson.md, setup.sh or a file under files/, the only files a lesson has in a pack';
  }
  if (path !== 'lesson.md' && segments.at(-1) === 'lesson.md') {
    return "is a lesson.md below the lesson's folder, which Wharf would read as another lesson";
  }
  return undefined;
}

/** Whether a file's text is something UTF-8 can hold. */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** A name as a message quotes it: JSON-escaped (control characters show as `\u0000`), long ones cut short. */
export function quoteName(name: string): string {
  return JSON.stringify(name.length > 80 ? `${name.slice(0, 60)}…` : name);
}
