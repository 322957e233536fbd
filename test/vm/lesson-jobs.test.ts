// The process pool of lessons:test without a VM: children stand in as small node scripts that print what a lesson
// test prints (JSON lines), or crash.
import { describe, expect, it } from 'vitest';
import { runLessonJobs } from './lesson-jobs.js';

/** A child that prints a line of its own, then reports one passing step after `ms`. */
const passing = (slug: string, ms: number) => `
  const step = { index: 0, id: 's', title: 'Step', ms: ${ms}, ok: true };
  setTimeout(() => {
    console.log('a line the lesson printed');
    console.log(JSON.stringify({ step }));
    console.log(JSON.stringify({ report: { slug: ${JSON.stringify(slug)}, setupMs: 1, steps: [step], ok: true } }));
  }, ${ms});`;

describe('runLessonJobs', () => {
  it('runs at most `jobs` lessons at once and returns their reports in the order asked', async () => {
    let running = 0;
    let most = 0;
    const started: string[] = [];
    const steps: string[] = [];
    const reports = await runLessonJobs({
      slugs: ['a', 'b', 'c', 'd'],
      jobs: 2,
      command: (slug) => ({ file: process.execPath, args: ['-e', passing(slug, 100)] }),
      onStart: (slug) => {
        started.push(slug);
        most = Math.max(most, ++running);
      },
      onStep: (slug) => {
        steps.push(slug);
        running--;
      },
    });
    expect(reports.map((r) => [r.slug, r.ok])).toEqual([
      ['a', true],
      ['b', true],
      ['c', true],
      ['d', true],
    ]);
    expect(most).toBe(2);
    expect(steps.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(started).toEqual(['a', 'b', 'c', 'd']);
  });

  it('turns a child that dies without a report into a failed lesson that says how, with what it printed', async () => {
    const [report] = await runLessonJobs({
      slugs: ['broken'],
      jobs: 2,
      command: () => ({
        file: process.execPath,
        args: ['-e', 'console.log("booting"); console.error("Error: no guest image"); process.exit(3)'],
      }),
    });
    expect(report?.ok).toBe(false);
    expect(report?.problem).toMatch(/^its test process exited 3 without a report:/);
    expect(report?.problem).toContain('Error: no guest image');
    expect(report?.problem).toContain('booting');
  });

  it('reports a command that cannot start', async () => {
    const [report] = await runLessonJobs({
      slugs: ['x'],
      jobs: 1,
      command: () => ({ file: '/nonexistent/tsx', args: [] }),
    });
    expect(report?.problem).toMatch(/could not start: .*ENOENT/);
  });
});
