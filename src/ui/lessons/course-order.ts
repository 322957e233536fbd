import type { LessonView } from '../../protocol/lessons.js';

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
