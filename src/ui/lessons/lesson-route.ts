/**
 * Where the lesson pane is, as a URL hash, so each lesson and step has an address the learner can bookmark and the
 * browser's back and forward buttons walk through:
 *
 *   #/                                  the course map
 *   #/lessons/<lesson>                  a lesson (at the step the learner works on)
 *   #/lessons/<lesson>/<step>           one of its steps
 *   #/lessons/<lesson>/finish           its finish page (a step whose id is `finish` wins: see finishShown)
 *   #/author                            author mode: pick, create or drop a lesson folder to write
 *
 * A draft in author mode and an opened lesson are lessons like the others here (`#/lessons/draft.my-lesson/...`,
 * `#/lessons/opened.scaling/...`): their slugs are namespaced by the worker.
 *
 * A hash routes nothing on the server, so the page works the same from a file, a preview server or offline.
 */

export type LessonRoute = { page: 'map' } | { page: 'author' } | { page: 'lesson'; lesson: string; step?: string };

export const FINISH = 'finish';

/** Lesson folder names and step ids: what the lesson loader accepts, without anything a URL would mangle. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function parseRoute(hash: string): LessonRoute {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((p) => p !== '')
    .map(safeDecode);
  if (parts.length === 1 && parts[0] === 'author') return { page: 'author' };
  if (parts[0] !== 'lessons' || parts.length < 2 || parts.length > 3) return { page: 'map' };
  const [, lesson, step] = parts;
  if (!lesson || !NAME.test(lesson)) return { page: 'map' };
  if (step === undefined) return { page: 'lesson', lesson };
  return NAME.test(step) ? { page: 'lesson', lesson, step } : { page: 'lesson', lesson };
}

export function routeHash(route: LessonRoute): string {
  if (route.page === 'map') return '#/';
  if (route.page === 'author') return '#/author';
  const base = `#/lessons/${encodeURIComponent(route.lesson)}`;
  return route.step === undefined ? base : `${base}/${encodeURIComponent(route.step)}`;
}

export function sameRoute(a: LessonRoute, b: LessonRoute): boolean {
  return routeHash(a) === routeHash(b);
}

/** The route asks for the finish page (and no step of the lesson is called `finish`). */
export function finishShown(route: LessonRoute, stepIds: readonly string[]): boolean {
  return route.page === 'lesson' && route.step === FINISH && !stepIds.includes(FINISH);
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return ''; // a malformed escape: not a name, so the route falls back
  }
}
