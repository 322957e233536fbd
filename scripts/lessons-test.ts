#!/usr/bin/env tsx
// `npm run lessons:test [-- slug...] [-- --lessons FOLDER] [-- --json]`: prove lessons on the real VM, headless. For
// each lesson (all of them, or the slugs named): a fresh VM, its files and setup.sh, then per step: its checks must
// not pass before its solution, its solution runs, and the step must complete by itself (testLesson in
// test/vm/lesson-harness.ts, the same runner the VM tier uses). Prints a table per step with times; exit 1 when any
// lesson fails. One lesson at a time: the emulated guest wants a core of its own.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatLessonError, loadLessons } from '../src/lessons/index.js';
import { readLessonFolder } from '../src/lessons/lesson-folder.node.js';
import { testLesson, type LessonReport } from '../test/vm/lesson-harness.js';

const usage = 'usage: npm run lessons:test [-- <slug>...] [-- --lessons <folder>] [-- --json]';
const cwd = process.env['INIT_CWD'] ?? process.cwd();
const args = process.argv.slice(2);
const json = args.includes('--json');
const folderAt = args.indexOf('--lessons');
const folder =
  folderAt >= 0
    ? resolve(cwd, args[folderAt + 1] ?? fail(usage))
    : fileURLToPath(new URL('../lessons', import.meta.url));
const slugs = args.filter((a, i) => !a.startsWith('--') && i !== folderAt + 1);
const unknown = args.find((a) => a.startsWith('--') && a !== '--json' && a !== '--lessons');
if (unknown) fail(`unknown option ${unknown}\n${usage}`);

const results = loadLessons(await readLessonFolder(folder));
const missing = slugs.filter((s) => !results.some((r) => r.slug === s));
if (missing.length)
  fail(`no lesson ${missing.join(', ')} in ${folder} (lessons: ${results.map((r) => r.slug).join(', ')})`);
const chosen = results.filter((r) => slugs.length === 0 || slugs.includes(r.slug));

const STEP_MS = 8 * 60_000;
const reports: LessonReport[] = [];
let failed = 0;
for (const result of chosen) {
  if (!result.ok) {
    failed++;
    for (const error of result.errors) console.error(formatLessonError(error));
    reports.push({ slug: result.slug, setupMs: 0, steps: [], ok: false, problem: 'does not load (see above)' });
    continue;
  }
  const { lesson } = result;
  if (!json) console.log(`${lesson.slug}: starting a fresh VM${lesson.meta.needsKubernetes ? ' and the node' : ''}`);
  const report = await testLesson(lesson, {
    stepTimeoutMs: STEP_MS,
    onStep: (s) => {
      if (!json)
        console.log(
          `  step ${s.index + 1}  ${s.ok ? 'ok  ' : 'FAIL'}  ${seconds(s.ms).padStart(6)}  ${s.title}${s.problem ? `\n        ${s.problem}` : ''}`,
        );
    },
  });
  if (!json) {
    if (report.problem) console.log(`  FAIL  ${report.problem}`);
    const total = report.setupMs + report.steps.reduce((sum, s) => sum + s.ms, 0);
    console.log(`  set up ${seconds(report.setupMs)}, ${report.ok ? 'passed' : 'FAILED'} in ${seconds(total)}`);
  }
  if (!report.ok) failed++;
  reports.push(report);
}
if (json) console.log(JSON.stringify(reports, null, 2));
else
  console.log(
    `${chosen.length} lesson${chosen.length === 1 ? '' : 's'} tested, ${failed ? `${failed} failed` : 'all passed'}`,
  );
process.exit(failed ? 1 : 0);

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
