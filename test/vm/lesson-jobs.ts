// Runs lesson tests side by side, one child process per lesson (scripts/lessons-test.ts --child), at most `jobs` at
// a time. A VM runs on its process's one JavaScript thread, so lessons run in parallel only in separate processes;
// each child restores the snapshot into a fresh VM, as one lesson after another in a single process would. The
// children report each step as a JSON line on stdout; anything else they print (a crash, WHARF_DEBUG logs) is kept
// and shown with the lesson's failure.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { LessonReport, StepReport } from './lesson-harness.js';

/** One line of a child's stdout. */
export type LessonJobEvent = { step: StepReport } | { report: LessonReport };

export interface LessonJobOptions {
  slugs: readonly string[];
  jobs: number;
  /** The command that tests one lesson and prints LessonJobEvents, e.g. `[tsx, lessons-test.ts, --child, slug]`. */
  command(slug: string): { file: string; args: string[] };
  onStart?(slug: string): void;
  onStep?(slug: string, step: StepReport): void;
}

/** Every lesson's report, in the order of `slugs`; a child that dies without a report gives a failed one saying why. */
export async function runLessonJobs(options: LessonJobOptions): Promise<LessonReport[]> {
  const reports = new Map<string, LessonReport>();
  const queue = [...options.slugs];
  const worker = async () => {
    for (let slug = queue.shift(); slug !== undefined; slug = queue.shift()) {
      options.onStart?.(slug);
      reports.set(slug, await runOne(slug, options));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, queue.length)) }, worker));
  return options.slugs.map((slug) => reports.get(slug)!);
}

async function runOne(slug: string, options: LessonJobOptions): Promise<LessonReport> {
  const started = performance.now();
  const { file, args } = options.command(slug);
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const other: string[] = [];
  const steps: StepReport[] = [];
  let report: LessonReport | undefined;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => other.push(chunk));
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const event = parseEvent(line);
    if (!event) other.push(`${line}\n`);
    else if ('step' in event) {
      steps.push(event.step);
      options.onStep?.(slug, event.step);
    } else report = event.report;
  });
  const exit = await new Promise<string>((resolve) => {
    child.on('error', (error) => resolve(`could not start: ${error.message}`));
    child.on('close', (code, signal) => resolve(signal ? `killed by ${signal}` : `exited ${code}`));
  });
  if (report) return report;
  const tail = other.join('').trim().split('\n').slice(-20).join('\n');
  return {
    slug,
    setupMs: performance.now() - started,
    steps,
    ok: false,
    problem: `its test process ${exit} without a report${tail ? `:\n${tail}` : ''}`,
  };
}

function parseEvent(line: string): LessonJobEvent | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(line) as unknown;
    if (value && typeof value === 'object' && ('step' in value || 'report' in value)) return value as LessonJobEvent;
  } catch {
    // not one of ours: a line the lesson's code printed
  }
  return undefined;
}
