import type { Lesson } from './lesson.js';
import type { LessonError } from './lesson-error.js';
import { parseLesson } from './parse-lesson.js';

/** One lesson's outcome: loaded, or the errors that kept it from loading (the others load regardless). */
export type LessonLoadResult =
  | { slug: string; source: string; ok: true; lesson: Lesson }
  | { slug: string; source: string; ok: false; errors: LessonError[] };

export interface LoadLessonsOptions {
  /**
   * Whether a lesson that is not in `files` exists anyway, so a prerequisite naming it is not an error: a lesson pack
   * names lessons of the built-in course it does not carry. Without it, prerequisites resolve only within `files`.
   */
  isLessonElsewhere?: (slug: string) => boolean;
}

/**
 * Load every lesson in a set of files given as path -> text, so the same code serves a folder read in Node
 * (lesson-folder.node.ts), files bundled into the worker, and later a folder dropped onto the page. A lesson is a
 * folder holding `lesson.md`; beside it, `files/**` is the starting workspace and `setup.sh` runs before the lesson.
 * A mistake in one lesson only fails that lesson.
 */
export function loadLessons(
  files: Readonly<Record<string, string>>,
  options: LoadLessonsOptions = {},
): LessonLoadResult[] {
  const roots = Object.keys(files)
    .filter((path) => path === 'lesson.md' || path.endsWith('/lesson.md'))
    .map((path) => path.slice(0, -'lesson.md'.length))
    .sort();
  const parsed = roots.map((root) => loadOne(root, files));
  const slugs = new Set(parsed.map((r) => r.slug));
  const elsewhere = options.isLessonElsewhere ?? (() => false);
  return parsed.map((result) => (result.ok ? checkPrerequisites(result, slugs, elsewhere, files) : result));
}

function loadOne(root: string, files: Readonly<Record<string, string>>): LessonLoadResult {
  const source = `${root}lesson.md`;
  const slug = root.replace(/\/$/, '').split('/').pop() || 'lesson';
  const workspace: Record<string, string> = {};
  for (const [path, text] of Object.entries(files)) {
    if (path.startsWith(`${root}files/`)) workspace[path.slice(root.length + 'files/'.length)] = text;
  }
  const setup = files[`${root}setup.sh`];
  let result: ReturnType<typeof parseLesson>;
  try {
    result = parseLesson({
      slug,
      file: source,
      text: files[source] ?? '',
      files: workspace,
      ...(setup !== undefined ? { setup } : {}),
    });
  } catch (error) {
    // The parsers below throw on what they refuse to expand (the YAML library on an alias bomb): that is this
    // lesson's error, not the end of every other lesson, the catalog or a page opening a shared pack.
    const reason = error instanceof Error ? error.message : String(error);
    return {
      slug,
      source,
      ok: false,
      errors: [{ file: source, line: 1, column: 1, message: `this lesson cannot be read: ${reason}` }],
    };
  }
  return result.ok
    ? { slug, source, ok: true, lesson: result.lesson }
    : { slug, source, ok: false, errors: result.errors };
}

/** Prerequisites name lessons by folder: one that is not there is that lesson's error, pointed at where it is named. */
function checkPrerequisites(
  result: LessonLoadResult & { ok: true },
  slugs: ReadonlySet<string>,
  elsewhere: (slug: string) => boolean,
  files: Readonly<Record<string, string>>,
): LessonLoadResult {
  const missing = (result.lesson.meta.prerequisites ?? []).filter((slug) => !slugs.has(slug) && !elsewhere(slug));
  if (missing.length === 0) return result;
  const lines = (files[result.source] ?? '').split('\n');
  const position = (slug: string) => {
    const line = lines.findIndex((l) => /^\s*(-|prerequisites:)/.test(l) && l.includes(slug));
    return line < 0 ? { line: 1, column: 1 } : { line: line + 1, column: (lines[line] ?? '').indexOf(slug) + 1 };
  };
  return {
    slug: result.slug,
    source: result.source,
    ok: false,
    errors: missing.map((slug) => ({
      file: result.source,
      ...position(slug),
      message: `prerequisite "${slug}" is not a lesson here (lessons: ${[...slugs].join(', ')})`,
    })),
  };
}
