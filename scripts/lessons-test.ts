#!/usr/bin/env tsx
// `npm run lessons:test [-- slug...] [-- --lessons FOLDER] [-- --jobs N] [-- --step-timeout S] [-- --json]
// [-- --report FILE]`: prove
// lessons on the real VM, headless. For each lesson (all of them, or the slugs named): a fresh VM, its files and
// setup.sh, then per step: its checks must not pass before its solution, its solution runs, and the step must
// complete by itself (testLesson in test/vm/lesson-harness.ts). Prints a line per step with its time and a table of
// the lessons with the course's wall time; exit 1 when any lesson fails. Lessons run side by side, one process each
// (test/vm/lesson-jobs.ts), up to --jobs at a time (default: one per two cores, at most 4): an emulated guest keeps
// one core busy and V8's compiles of its JIT's modules most of another. Measured on 2 cores, two lessons at a time
// each took 2-4x as long as alone (first-containers 107 s against 53 s, under-the-hood's runc step 64 s against
// 15 s), so the course took longer than one at a time. `--child SLUG` is the one-lesson mode those processes run in
// (JSON lines on stdout).
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatLessonError, loadLessons, type LessonLoadResult } from '../src/lessons/index.js';
import { readLessonFolder } from '../src/lessons/lesson-folder.node.js';
import { testLesson, type LessonReport, type StepReport } from '../test/vm/lesson-harness.js';
import { runLessonJobs, type LessonJobEvent } from '../test/vm/lesson-jobs.js';

const usage =
  'usage: npm run lessons:test [-- <slug>...] [-- --lessons <folder>] [-- --jobs <n>] [-- --step-timeout <s>] ' +
  '[-- --json] [-- --report <file>]';
const cwd = process.env['INIT_CWD'] ?? process.cwd();

const options = parseArgs(process.argv.slice(2));
const results = loadLessons(await readLessonFolder(options.folder));
const missing = options.slugs.filter((s) => !results.some((r) => r.slug === s));
if (missing.length)
  fail(`no lesson ${missing.join(', ')} in ${options.folder} (lessons: ${results.map((r) => r.slug).join(', ')})`);

if (options.child) {
  const result = results.find((r) => r.slug === options.child);
  if (!result) fail(`no lesson ${options.child} in ${options.folder}`);
  const report = await testOne(result, (step) => emit({ step }));
  emit({ report });
  process.exit(report.ok ? 0 : 1);
}

const chosen = results.filter((r) => options.slugs.length === 0 || options.slugs.includes(r.slug));
const broken = chosen.filter((r) => !r.ok);
for (const result of broken) if (!result.ok) for (const error of result.errors) console.error(formatLessonError(error));
// Kubernetes lessons take longest: start them first, so the last lessons to finish are short ones.
const runnable = chosen
  .filter((r) => r.ok)
  .sort((a, b) => Number(b.ok && b.lesson.meta.needsKubernetes) - Number(a.ok && a.lesson.meta.needsKubernetes));
const jobs = Math.min(options.jobs, runnable.length);
const say = (line: string) => {
  if (!options.json) console.log(line);
};
say(`testing ${runnable.length} lesson${runnable.length === 1 ? '' : 's'}, ${jobs} at a time`);

const started = performance.now();
const stepLine = (slug: string, s: StepReport) =>
  `${slug}: step ${s.index + 1}  ${s.ok ? 'ok  ' : 'FAIL'}  ${seconds(s.ms).padStart(6)}  ${s.title}${s.problem ? `\n        ${s.problem}` : ''}`;
const tested =
  jobs <= 1
    ? await inOrder(runnable, (slug, step) => say(stepLine(slug, step)))
    : await runLessonJobs({
        slugs: runnable.map((r) => r.slug),
        jobs,
        command: (slug) => ({
          file: process.execPath,
          args: [
            ...process.execArgv,
            fileURLToPath(import.meta.url),
            ...['--lessons', options.folder, '--step-timeout', String(options.stepTimeoutS), '--child', slug],
          ],
        }),
        onStart: (slug) => say(`${slug}: starting a fresh VM`),
        onStep: (slug, step) => say(stepLine(slug, step)),
      });
const wallMs = performance.now() - started;
const reports: LessonReport[] = [
  ...broken.map((r) => ({ slug: r.slug, setupMs: 0, steps: [], ok: false, problem: 'does not load (see above)' })),
  ...tested,
];
const failed = reports.filter((r) => !r.ok).length;

if (options.report)
  writeFileSync(options.report, JSON.stringify({ wallMs, jobs, lessons: reports }, null, 2) + '\n', 'utf8');
if (options.json) console.log(JSON.stringify(reports, null, 2));
else {
  console.log('');
  console.log(summary(reports));
  const lessonMs = reports.reduce((sum, r) => sum + totalMs(r), 0);
  console.log(
    `${reports.length} lesson${reports.length === 1 ? '' : 's'} tested in ${seconds(wallMs)} ` +
      `(${seconds(lessonMs)} of lesson time, ${jobs} at a time), ${failed ? `${failed} FAILED` : 'all passed'}`,
  );
}
process.exit(failed ? 1 : 0);

/** One lesson after another in this process (one job, or one lesson). */
async function inOrder(
  lessons: LessonLoadResult[],
  onStep: (slug: string, step: StepReport) => void,
): Promise<LessonReport[]> {
  const reports: LessonReport[] = [];
  for (const result of lessons) {
    say(`${result.slug}: starting a fresh VM`);
    reports.push(await testOne(result, (step) => onStep(result.slug, step)));
  }
  return reports;
}

async function testOne(result: LessonLoadResult, onStep: (step: StepReport) => void): Promise<LessonReport> {
  if (!result.ok) {
    for (const error of result.errors) console.error(formatLessonError(error));
    return { slug: result.slug, setupMs: 0, steps: [], ok: false, problem: 'does not load (see above)' };
  }
  return testLesson(result.lesson, { stepTimeoutMs: options.stepTimeoutS * 1000, onStep });
}

/** The lessons as a table: how far each got and its times, the failures' reasons below it. */
function summary(reports: LessonReport[]): string {
  const width = Math.max(6, ...reports.map((r) => r.slug.length));
  const rows = reports.map((r) => {
    const passed = r.steps.filter((s) => s.ok).length;
    return [
      r.slug.padEnd(width),
      (r.ok ? 'ok' : 'FAIL').padEnd(6),
      `${passed}/${r.steps.length || '?'}`.padStart(5),
      seconds(r.setupMs).padStart(8),
      seconds(totalMs(r)).padStart(8),
    ].join('  ');
  });
  const problems = reports.flatMap((r) => {
    const step = r.steps.find((s) => !s.ok);
    const why = r.problem ?? (step ? `step ${step.index + 1} (${step.title}): ${step.problem ?? 'failed'}` : undefined);
    return why && !r.ok ? [`${r.slug}: ${why}`] : [];
  });
  return [
    ['lesson'.padEnd(width), 'result', 'steps'.padStart(5), 'set up'.padStart(8), 'total'.padStart(8)].join('  '),
    ...rows,
    ...(problems.length ? ['', ...problems] : []),
  ].join('\n');
}

function totalMs(report: LessonReport): number {
  return report.setupMs + report.steps.reduce((sum, s) => sum + s.ms, 0);
}

function emit(event: LessonJobEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function parseArgs(args: string[]) {
  const parsed = {
    folder: fileURLToPath(new URL('../lessons', import.meta.url)),
    slugs: [] as string[],
    json: false,
    jobs: Math.max(1, Math.min(Math.floor(availableParallelism() / 2), 4)),
    report: undefined as string | undefined,
    /** How long a step may take after its solution ran (pods pulling and starting on the emulated CPU). */
    stepTimeoutS: 8 * 60,
    child: undefined as string | undefined,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => args[++i] ?? fail(`${arg} needs a value\n${usage}`);
    if (arg === '--json') parsed.json = true;
    else if (arg === '--lessons') parsed.folder = resolve(cwd, value());
    else if (arg === '--report') parsed.report = resolve(cwd, value());
    else if (arg === '--child') parsed.child = value();
    else if (arg === '--step-timeout') parsed.stepTimeoutS = positive(arg, value());
    else if (arg === '--jobs') parsed.jobs = positive(arg, value());
    else if (arg.startsWith('--')) fail(`unknown option ${arg}\n${usage}`);
    else parsed.slugs.push(arg);
  }
  return parsed;
}

function positive(option: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) fail(`${option} takes a whole number of 1 or more\n${usage}`);
  return n;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
