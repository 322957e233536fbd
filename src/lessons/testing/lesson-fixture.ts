/** TEST ONLY: a one-lesson files map (`lessons/demo/...`) from a few steps, for the lint tests. */
import { formatLessonError } from '../lesson-error.js';
import { lintContext, type Lint } from '../lint/lint-context.js';
import { loadLessons } from '../load-lessons.js';

export interface FixtureLesson {
  /** Markdown after the frontmatter: intro and steps. */
  body: string;
  /** files/, by workspace path. */
  files?: Record<string, string>;
  setup?: string;
  /** Other files of the lesson's folder, by path inside it. */
  extra?: Record<string, string>;
}

/** The frontmatter of every test lesson (`lessons/demo`). */
export const FRONTMATTER = `---
title: Demo
summary: A lesson for the tests.
level: beginner
minutes: 5
needsKubernetes: true
---
`;

/** The frontmatter takes lines 1-7: the body starts on line 8. */
export const BODY_LINE = 8;

export function lessonFiles(lesson: FixtureLesson): Record<string, string> {
  const files: Record<string, string> = { 'lessons/demo/lesson.md': FRONTMATTER + lesson.body };
  for (const [path, text] of Object.entries(lesson.files ?? {})) files[`lessons/demo/files/${path}`] = text;
  for (const [path, text] of Object.entries(lesson.extra ?? {})) files[`lessons/demo/${path}`] = text;
  if (lesson.setup !== undefined) files['lessons/demo/setup.sh'] = lesson.setup;
  return files;
}

/** One lint's errors on the lesson, formatted; the lesson must load. */
export function runLint(lint: Lint, lesson: FixtureLesson): string[] {
  const files = lessonFiles(lesson);
  const [loaded] = loadLessons(files);
  if (!loaded?.ok) throw new Error(`the fixture does not load: ${loaded?.errors.map(formatLessonError).join('\n')}`);
  return lint(lintContext(files, 'lessons/demo/lesson.md')).map(formatLessonError);
}

/** A step with a check block and a solution. */
export function step(title: string, checks: string, solution?: string, more = ''): string {
  return [
    `## Step: ${title}`,
    '',
    more,
    '```check',
    checks.trim(),
    '```',
    '',
    ...(solution !== undefined
      ? ['### Hint', '', 'Try.', '', '### Solution', '', '```sh', solution.trim(), '```', '']
      : []),
  ].join('\n');
}
