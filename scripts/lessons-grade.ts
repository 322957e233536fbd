#!/usr/bin/env tsx
// `npm run lessons:grade -- [--kubeconfig FILE] [--context NAME] [--docker-socket PATH] [--workspace DIR]
// [--lessons DIR] [--step N | --all-steps] [--json] <lesson>`: grade a learner's work with a lesson's own checks,
// outside the playground: the cluster a kubeconfig reaches, the Docker Engine on a unix socket, a workspace folder.
// Every step's checks (or step N's) run once; it prints each step and check (pass, FAIL, pending, skip) with the
// learner-terms reason, and the first step not complete. Exit 0: every check that could be graded passed; 1: one
// failed or is pending; 2: usage or set-up error (a bad flag, no such lesson, a kubeconfig or cluster it cannot use,
// or nothing gradeable at all, such as a Docker lesson without a Docker Engine).
// The logic is src/lessons/grade/ (docs/authoring.md, "Grading"); this file reads the folder and prints.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatLessonError } from '../src/lessons/lesson-error.js';
import { loadLessons } from '../src/lessons/load-lessons.js';
import { gradeLesson } from '../src/lessons/grade/grade-lesson.js';
import { parseGradeArgs } from '../src/lessons/grade/grade-options.js';
import { formatGrade } from '../src/lessons/grade/grade-report.js';
import { GradeSetupError } from '../src/lessons/grade/grade-setup-error.js';
import { gradingSources } from '../src/lessons/grade/grading-sources.node.js';
import { readLessonFolder } from '../src/lessons/lesson-folder.node.js';

// npm runs scripts from the package's root; paths on the command line, in KUBECONFIG, and the default workspace are
// the caller's.
const cwd = process.env['INIT_CWD'] ?? process.cwd();

try {
  const options = parseGradeArgs(process.argv.slice(2));
  const folder = options.lessons
    ? resolve(cwd, options.lessons)
    : fileURLToPath(new URL('../lessons', import.meta.url));
  const results = loadLessons(await readLessonFolder(folder).catch(() => ({})));
  const result = results.find((r) => r.slug === options.slug);
  if (!result) {
    const known = results.map((r) => r.slug).join(', ');
    throw new GradeSetupError(`no lesson ${options.slug} in ${folder}${known ? ` (lessons: ${known})` : ''}`);
  }
  if (!result.ok)
    throw new GradeSetupError(
      `lesson ${options.slug} does not load:\n${result.errors.map((e) => formatLessonError(e)).join('\n')}`,
    );
  const { lesson } = result;
  if (options.step !== undefined && options.step > lesson.steps.length)
    throw new GradeSetupError(
      `--step ${options.step}: lesson ${lesson.slug} has ${lesson.steps.length} step${lesson.steps.length === 1 ? '' : 's'}`,
    );
  const steps = options.step !== undefined ? [options.step] : lesson.steps.map((_, i) => i + 1);
  const kubeconfigEnv = process.env['KUBECONFIG'];
  const { sources, describe, summary } = await gradingSources(lesson, {
    kubeconfig: options.kubeconfig !== undefined ? resolve(cwd, options.kubeconfig) : undefined,
    context: options.context,
    dockerSocket: options.dockerSocket !== undefined ? resolve(cwd, options.dockerSocket) : undefined,
    workspace: resolve(cwd, options.workspace ?? '.'),
    steps,
    env: {
      ...process.env,
      KUBECONFIG: kubeconfigEnv
        ?.split(':')
        .filter(Boolean)
        .map((p) => resolve(cwd, p))
        .join(':'),
    },
  });
  const grade = await gradeLesson(lesson, sources, steps);
  console.log(options.json ? JSON.stringify({ ...grade, sources: summary }, null, 2) : formatGrade(grade, describe));
  // Nothing gradeable (a Docker lesson and no Docker Engine) is a set-up problem, not a pass.
  if (grade.graded === 0)
    throw new GradeSetupError('nothing could be graded: every check was skipped (the reasons are in the report)');
  process.exit(grade.ok ? 0 : 1);
} catch (error) {
  if (!(error instanceof GradeSetupError)) throw error;
  console.error(`lessons:grade: ${error.message}`);
  process.exit(2);
}
