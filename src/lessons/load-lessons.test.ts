import { describe, expect, it } from 'vitest';
import { formatLessonError } from './lesson-error.js';
import { loadLessons } from './load-lessons.js';
import { FRONTMATTER } from './testing/lesson-fixture.js';

const BODY = '\n## Step: One\n\n```check\nid: a\ncheck: file.exists\npath: a.txt\n```\n';

/** A lesson whose frontmatter names `prerequisites`. */
function lessonNaming(...prerequisites: string[]): string {
  const list = prerequisites.map((slug) => `  - ${slug}\n`).join('');
  return FRONTMATTER.replace('needsKubernetes: true\n', `needsKubernetes: true\nprerequisites:\n${list}`) + BODY;
}

describe('loadLessons: prerequisites', () => {
  it('resolve within the files, and name the missing one where the frontmatter names it', () => {
    const results = loadLessons({
      'lessons/base/lesson.md': FRONTMATTER + BODY,
      'lessons/next/lesson.md': lessonNaming('base', 'elsewhere'),
    });
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    const errors = results.flatMap((r) => (r.ok ? [] : r.errors.map(formatLessonError)));
    expect(errors).toEqual([
      'lessons/next/lesson.md:9:5 error: prerequisite "elsewhere" is not a lesson here (lessons: base, next)',
    ]);
  });

  it('resolve against lessons elsewhere when the caller says which exist', () => {
    const files = { 'lessons/next/lesson.md': lessonNaming('first-containers', 'nowhere') };
    const catalog = new Set(['first-containers']);
    const [result] = loadLessons(files, { isLessonElsewhere: (slug) => catalog.has(slug) });
    expect(result?.ok).toBe(false);
    expect(result && !result.ok && result.errors.map((e) => e.message)).toEqual([
      'prerequisite "nowhere" is not a lesson here (lessons: next)',
    ]);
    const [lenient] = loadLessons(files, { isLessonElsewhere: () => true });
    expect(lenient?.ok && lenient.lesson.meta.prerequisites).toEqual(['first-containers', 'nowhere']);
  });
});

describe('loadLessons: a lesson the parsers refuse', () => {
  it("fails that lesson alone, with the alias bomb as its check block's error", () => {
    const aliases = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcdefg') {
      const previous = aliases.at(-1)?.[0] ?? 'a';
      aliases.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const bomb = `${FRONTMATTER}\n## Step: One\n\n\`\`\`check\n${aliases.join('\n')}\n\`\`\`\n`;
    const results = loadLessons({ 'lessons/bomb/lesson.md': bomb, 'lessons/fine/lesson.md': FRONTMATTER + BODY });
    expect(results.map((r) => [r.slug, r.ok])).toEqual([
      ['bomb', false],
      ['fine', true],
    ]);
    expect(results[0] && !results[0].ok && results[0].errors.map(formatLessonError)).toEqual([
      'lessons/bomb/lesson.md:12:1 error: this YAML does not parse: Excessive alias count indicates a resource exhaustion attack',
    ]);
  });
});
