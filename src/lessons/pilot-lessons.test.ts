import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatLessonError } from './lesson-error.js';
import { readLessonFolder } from './lesson-folder.node.js';
import { loadLessons } from './load-lessons.js';

const LESSONS = fileURLToPath(new URL('../../lessons', import.meta.url));

describe('the lessons in lessons/', () => {
  it('load with no errors', async () => {
    const results = loadLessons(await readLessonFolder(LESSONS));
    const errors = results.flatMap((r) => (r.ok ? [] : r.errors.map(formatLessonError)));
    expect(errors).toEqual([]);
    expect(results.map((r) => r.slug)).toEqual(['deployment-desired-state', 'first-containers', 'service-in-front']);
  });

  it('give every step 4-8 steps, a solution and hints, and ship their files', async () => {
    const results = loadLessons(await readLessonFolder(LESSONS));
    for (const result of results) {
      if (!result.ok) continue;
      const { lesson } = result;
      expect(lesson.steps.length, lesson.slug).toBeGreaterThanOrEqual(4);
      expect(lesson.steps.length, lesson.slug).toBeLessThanOrEqual(8);
      for (const step of lesson.steps) {
        if (step.quiz) continue;
        expect(step.solution?.commands, `${lesson.slug}/${step.id}`).toBeTruthy();
        expect(step.hints.length, `${lesson.slug}/${step.id}`).toBeGreaterThan(0);
      }
    }
    const service = results.find((r) => r.slug === 'service-in-front');
    expect(service?.ok && Object.keys(service.lesson.files).sort()).toEqual([
      'nginx-deployment.yaml',
      'nginx-service.yaml',
    ]);
    expect(service?.ok && service.lesson.setup).toContain('kubectl apply -f nginx-deployment.yaml');
  });
});
