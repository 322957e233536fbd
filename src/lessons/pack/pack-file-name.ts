import { LESSON_PACK_SUFFIX, type LessonPack } from './lesson-pack.js';

/**
 * The name a pack is saved under: one lesson's slug (`first-containers.wharf-lesson.json`), else the course's title
 * as a file name (`Kubernetes basics` -> `kubernetes-basics.wharf-lesson.json`), else `fallback` (the CLI passes the
 * lessons folder's name), else `lessons`.
 */
export function packFileName(pack: LessonPack, fallback?: string): string {
  const [only] = pack.lessons;
  const name = pack.lessons.length === 1 && only ? only.slug : (fileNamePart(pack.title) ?? fileNamePart(fallback));
  return `${name ?? 'lessons'}${LESSON_PACK_SUFFIX}`;
}

/** Lowercase letters and digits of `text` joined by dashes, or undefined when it has none. */
function fileNamePart(text: string | undefined): string | undefined {
  const words = (text ?? '')
    .normalize('NFKD')
    // Accents come apart from their letters under NFKD: drop them, so "Día" is "dia", not "di-a".
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .match(/[a-z0-9]+/g);
  return words ? words.join('-').slice(0, 80) : undefined;
}
