// The runner behind `npm run lessons:test` and the `lessons` tier of npm test (testLesson in lesson-harness.ts, one
// process per lesson through lesson-jobs.ts), run as the CLI on the real VM: it must catch two broken fixture
// lessons, side by side: a solution that does not satisfy its step's check, and a step that is done before the
// learner does anything.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LessonReport } from './lesson-harness.js';

const root = join(import.meta.dirname, '..', '..');

describe('npm run lessons:test', () => {
  it('fails a wrong solution and a step done before it starts, two lessons at a time, saying what the checks saw', () => {
    const report = join(mkdtempSync(join(tmpdir(), 'wharf-lessons-test-')), 'report.json');
    const run = spawnSync(
      join(root, 'node_modules', '.bin', 'tsx'),
      [
        join(root, 'scripts', 'lessons-test.ts'),
        ...['--lessons', join(import.meta.dirname, 'fixtures', 'lessons'), '--jobs', '2', '--step-timeout', '20'],
        ...['--report', report],
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(1);
    const { jobs, lessons } = JSON.parse(readFileSync(report, 'utf8')) as { jobs: number; lessons: LessonReport[] };
    expect(jobs).toBe(2);
    const bySlug = new Map(lessons.map((lesson) => [lesson.slug, lesson]));
    expect([...bySlug.keys()].sort()).toEqual(['done-before', 'wrong-solution']);

    const wrong = bySlug.get('wrong-solution')!;
    expect(wrong.ok).toBe(false);
    expect(wrong.steps).toHaveLength(1);
    expect(wrong.steps[0]?.problem).toMatch(/did not complete in 20 s: note: fail \(.*hello/);

    const early = bySlug.get('done-before')!;
    expect(early.ok).toBe(false);
    expect(early.steps[0]?.problem).toMatch(/already pass before its solution ran \(workspace: pass/);

    // The table names both and the failures' reasons, for an author reading the terminal.
    expect(run.stdout).toMatch(/wrong-solution +FAIL +0\/1/);
    expect(run.stdout).toMatch(/2 lessons tested in .*2 at a time\), 2 FAILED/);
  }, 300_000);
});
