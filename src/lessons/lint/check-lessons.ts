/**
 * `npm run lessons:check`'s logic, on a `{ path -> text }` map like loadLessons (so the page can run it on a dropped
 * folder later): each lesson's loader errors (schema, frontmatter, prerequisites), and for each lesson that loads,
 * the lints below. docs/authoring.md, "Checking a lesson", lists every message.
 */
import type { LessonError } from '../lesson-error.js';
import { loadLessons } from '../load-lessons.js';
import { brokenLinks } from './broken-links.js';
import { fileChecks } from './file-checks.js';
import { kubernetesObjects } from './kubernetes-objects.js';
import { lintContext, type Lint } from './lint-context.js';
import { missingFiles } from './missing-files.js';

export const LINTS: readonly Lint[] = [brokenLinks, missingFiles, fileChecks, kubernetesObjects];

export interface LessonCheck {
  slug: string;
  /** lesson.md's path. */
  source: string;
  /** Sorted by file, line and column. */
  errors: LessonError[];
}

/**
 * Check every lesson in `files`, or only those whose folder is in `only` (`lessons/first-containers`): the others
 * still load, so prerequisites naming them resolve.
 */
export function checkLessons(files: Readonly<Record<string, string>>, only?: readonly string[]): LessonCheck[] {
  const wanted = only?.map((folder) => `${folder.replace(/\/+$/, '')}/lesson.md`);
  return loadLessons(files)
    .filter((result) => !wanted || wanted.includes(result.source))
    .map((result) => {
      let errors = [...(result.ok ? [] : result.errors)];
      if (result.ok) {
        const context = lintContext(files, result.source);
        errors = LINTS.flatMap((lint) => lint(context));
      }
      errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
      return { slug: result.slug, source: result.source, errors };
    });
}

/** The last line the command prints: `3 lessons checked, no errors` or `2 errors in 1 of 3 lessons`. */
export function checkSummary(checks: readonly LessonCheck[]): string {
  const lessons = `${checks.length} lesson${checks.length === 1 ? '' : 's'}`;
  const errors = checks.reduce((sum, check) => sum + check.errors.length, 0);
  if (errors === 0) return `${lessons} checked, no errors`;
  const failing = checks.filter((check) => check.errors.length > 0).length;
  return `${errors} error${errors === 1 ? '' : 's'} in ${failing} of ${lessons}`;
}
