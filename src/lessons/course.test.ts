// The course in lessons/ as the loader sees it: every lesson loads, they form one path a beginner follows from the
// first container to the last lesson (each names the one before it), and each has the parts a learner leans on.
// Whether their checks and solutions work on the real VM is the lessons tier's (npm run lessons:test).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Lesson } from './lesson.js';
import { formatLessonError } from './lesson-error.js';
import { readLessonFolder } from './lesson-folder.node.js';
import { loadLessons } from './load-lessons.js';

const LESSONS = fileURLToPath(new URL('../../lessons', import.meta.url));
const results = loadLessons(await readLessonFolder(LESSONS));
const lessons: Lesson[] = results.flatMap((r) => (r.ok ? [r.lesson] : []));

describe('the course in lessons/', () => {
  it('loads with no errors: at least 14 lessons', () => {
    expect(results.flatMap((r) => (r.ok ? [] : r.errors.map(formatLessonError)))).toEqual([]);
    expect(lessons.length).toBeGreaterThanOrEqual(14);
  });

  it('is one path from first-containers: each lesson after the first names the one before it, and none is left out', () => {
    const next = new Map<string, string>();
    for (const lesson of lessons) {
      const before = lesson.meta.prerequisites ?? [];
      if (lesson.slug === 'first-containers') expect(before).toEqual([]);
      else {
        expect(before, lesson.slug).toHaveLength(1);
        expect(next.has(before[0]!), `${before[0]} is followed by two lessons`).toBe(false);
        next.set(before[0]!, lesson.slug);
      }
    }
    const path = ['first-containers'];
    for (let at = next.get('first-containers'); at; at = next.get(at)) path.push(at);
    expect(path.sort()).toEqual(lessons.map((l) => l.slug).sort());
  });

  it('gives every lesson 3-8 steps, an intro, a finish, and every step that is more than a quiz a solution and a hint', () => {
    for (const lesson of lessons) {
      expect(lesson.steps.length, lesson.slug).toBeGreaterThanOrEqual(3);
      expect(lesson.steps.length, lesson.slug).toBeLessThanOrEqual(8);
      expect(lesson.intro.trim(), lesson.slug).not.toBe('');
      expect(lesson.finish?.trim(), lesson.slug).toBeTruthy();
      for (const step of lesson.steps) {
        // A step that is only a quiz has nothing to solve or hint at.
        if (step.checks.every((check) => check.check === 'quiz')) continue;
        expect(step.solution?.commands, `${lesson.slug}/${step.id}`).toBeTruthy();
        expect(step.hints.length, `${lesson.slug}/${step.id}`).toBeGreaterThan(0);
      }
    }
  });

  it('ships the files the pilot lesson service-in-front starts from, and its setup applies them', () => {
    const service = lessons.find((l) => l.slug === 'service-in-front');
    expect(service && Object.keys(service.files).sort()).toEqual(['nginx-deployment.yaml', 'nginx-service.yaml']);
    expect(service?.setup).toContain('kubectl apply -f nginx-deployment.yaml');
  });
});
