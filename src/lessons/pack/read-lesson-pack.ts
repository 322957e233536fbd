/**
 * The one way a lesson pack comes in from outside: a file someone shared, opened, dropped or fetched by the page, or
 * unpacked by `npm run lessons:pack -- --unpack`. It is untrusted, so it is read whole and checked whole before
 * anything is made of it: a broken or hostile file gives one sentence a page can show as is and no partial result.
 * A pack that is well formed but whose lessons have mistakes is still read: each lesson's result carries its errors,
 * as loadLessons gives them for a folder.
 */
import { loadLessons, type LessonLoadResult } from '../load-lessons.js';
import { DEFAULT_PACK_LIMITS, type LessonPack, type PackLimits } from './lesson-pack.js';
import { parsePackJson } from './pack-json.js';
import { validatePack } from './validate-pack.js';

export type ReadPackResult =
  | {
      ok: true;
      pack: LessonPack;
      /** The pack's files as loadLessons takes them: `lessons/<slug>/lesson.md`, `lessons/<slug>/files/...`. */
      files: Record<string, string>;
      /** One per lesson, in slug order, as loadLessons returns them. */
      results: LessonLoadResult[];
      /** Prerequisites the pack's lessons name but do not carry (sorted): the page finds them in its own course. */
      outsidePrerequisites: string[];
    }
  | { ok: false; error: string };

export interface ReadPackOptions {
  /**
   * The lessons there are besides the pack's (the page's built-in course). Given, a prerequisite that is in neither
   * is an error of the lesson naming it, as in a folder; left out, prerequisites outside the pack are not checked
   * here and are listed in `outsidePrerequisites` instead.
   */
  lessonsElsewhere?: Iterable<string>;
}

/** Parse and validate a pack (text or bytes, untrusted) into the path->text map loadLessons takes, and load it. */
export function readLessonPack(
  input: string | Uint8Array,
  limits: Partial<PackLimits> = {},
  options: ReadPackOptions = {},
): ReadPackResult {
  const within: PackLimits = { ...DEFAULT_PACK_LIMITS, ...limits };
  const json = parsePackJson(input, within.maxPackBytes);
  if (!json.ok) return json;
  const checked = validatePack(json.value, within);
  if (!checked.ok) return checked;
  const { pack } = checked;

  const files = Object.fromEntries(
    pack.lessons.flatMap(({ slug, files }) =>
      Object.entries(files).map(([path, text]) => [`lessons/${slug}/${path}`, text]),
    ),
  ) as Record<string, string>;
  const elsewhere = options.lessonsElsewhere ? new Set(options.lessonsElsewhere) : undefined;
  const results = loadLessons(files, { isLessonElsewhere: (slug) => (elsewhere ? elsewhere.has(slug) : true) });

  const inPack = new Set(pack.lessons.map((lesson) => lesson.slug));
  const outside = new Set(
    results.flatMap((r) => (r.ok ? (r.lesson.meta.prerequisites ?? []) : [])).filter((slug) => !inPack.has(slug)),
  );
  return { ok: true, pack, files, results, outsidePrerequisites: [...outside].sort() };
}
