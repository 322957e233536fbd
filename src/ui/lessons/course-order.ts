import type { LessonView } from '../../protocol/lessons.js';

/**
 * The map's order: each lesson after its prerequisites, otherwise in the order the catalog has them (folder names).
 * A prerequisite that is missing from the build, or a loop of them, does not hide a lesson: it just stops counting.
 */
export function courseOrder(lessons: readonly LessonView[]): LessonView[] {
  const bySlug = new Map(lessons.map((l) => [l.slug, l]));
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const order: LessonView[] = [];
  const place = (lesson: LessonView) => {
    if (placed.has(lesson.slug) || visiting.has(lesson.slug)) return;
    visiting.add(lesson.slug);
    for (const slug of lesson.meta.prerequisites ?? []) {
      const before = bySlug.get(slug);
      if (before) place(before);
    }
    visiting.delete(lesson.slug);
    placed.add(lesson.slug);
    order.push(lesson);
  };
  for (const lesson of lessons) place(lesson);
  return order;
}

/**
 * What to try after a lesson: the lessons that name it as a prerequisite (they were written to follow it), or,
 * when none does, the next lesson of the map that is not finished yet.
 */
export function lessonsAfter(
  lessons: readonly LessonView[],
  slug: string,
  finished: (slug: string) => boolean,
): LessonView[] {
  const followers = lessons.filter((l) => l.slug !== slug && l.meta.prerequisites?.includes(slug));
  if (followers.length) return followers;
  const index = lessons.findIndex((l) => l.slug === slug);
  const after = [...lessons.slice(index + 1), ...lessons.slice(0, Math.max(0, index))];
  const next = after.find((l) => !finished(l.slug));
  return next ? [next] : [];
}

/** Prerequisites the learner has not finished (the map says so; it does not lock the lesson). */
export function missingPrerequisites(lesson: LessonView, finished: (slug: string) => boolean): string[] {
  return (lesson.meta.prerequisites ?? []).filter((p) => !finished(p));
}
