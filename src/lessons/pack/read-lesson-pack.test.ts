import { describe, expect, it } from 'vitest';
import { FRONTMATTER } from '../testing/lesson-fixture.js';
import { DEFAULT_PACK_LIMITS } from './lesson-pack.js';
import { readLessonPack } from './read-lesson-pack.js';

const LESSON_MD = `${FRONTMATTER}\n## Step: One\n\n\`\`\`check\nid: a\ncheck: file.exists\npath: a.txt\n\`\`\`\n`;

/** A valid pack as plain data, for each test to break in one place. */
function validPack(): Record<string, unknown> & { lessons: { slug: unknown; files: Record<string, unknown> }[] } {
  return {
    format: 'wharf-lesson-pack',
    version: 1,
    title: 'Demo course',
    lessons: [
      { slug: 'demo', files: { 'lesson.md': LESSON_MD, 'files/a.txt': 'hello\n', 'setup.sh': 'true\n' } },
      { slug: 'second', files: { 'lesson.md': LESSON_MD } },
    ],
  };
}

function errorOf(input: string | Uint8Array, limits = {}): string {
  const result = readLessonPack(input, limits);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.error;
}

/** The error of the valid pack after `change`. */
function errorAfter(change: (pack: ReturnType<typeof validPack>) => void): string {
  const pack = validPack();
  change(pack);
  return errorOf(JSON.stringify(pack));
}

describe('readLessonPack: a good pack', () => {
  it('gives the files as loadLessons takes them, the lessons loaded, and the pack rebuilt without stray fields', () => {
    const result = readLessonPack(JSON.stringify({ ...validPack(), extra: { evil: true } }));
    if (!result.ok) throw new Error(result.error);
    expect(Object.keys(result.files).sort()).toEqual([
      'lessons/demo/files/a.txt',
      'lessons/demo/lesson.md',
      'lessons/demo/setup.sh',
      'lessons/second/lesson.md',
    ]);
    expect(result.results.map((r) => [r.slug, r.ok])).toEqual([
      ['demo', true],
      ['second', true],
    ]);
    const demo = result.results[0];
    expect(demo?.ok && demo.lesson.files).toEqual({ 'a.txt': 'hello\n' });
    expect(demo?.ok && demo.lesson.setup).toBe('true\n');
    expect(result.pack).toEqual(validPack());
    expect('extra' in result.pack).toBe(false);
  });

  it('reads bytes as UTF-8, with or without a BOM, and text with a BOM', () => {
    const text = JSON.stringify(validPack()).replace('Demo course', 'Démo ☸ course');
    const bytes = new TextEncoder().encode(text);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
    for (const input of [bytes, withBom, `\ufeff${text}`]) {
      const result = readLessonPack(input);
      expect(result.ok && result.pack.title).toBe('Démo ☸ course');
    }
  });

  it('is still ok when a lesson has mistakes: its result carries them, as a folder would', () => {
    const pack = validPack();
    pack.lessons[1]!.files['lesson.md'] = 'no frontmatter';
    const result = readLessonPack(JSON.stringify(pack));
    expect(result.ok).toBe(true);
    expect(result.ok && result.results.map((r) => (r.ok ? 'ok' : r.errors.map((e) => `${e.file}:${e.line}`)))).toEqual([
      'ok',
      ['lessons/second/lesson.md:1'],
    ]);
  });

  it('accepts prerequisites outside the pack and lists them, or checks them against the lessons elsewhere', () => {
    const pack = validPack();
    const naming = LESSON_MD.replace(
      'needsKubernetes: true\n',
      'needsKubernetes: true\nprerequisites:\n  - demo\n  - first-containers\n',
    );
    pack.lessons[1]!.files['lesson.md'] = naming;
    const open = readLessonPack(JSON.stringify(pack));
    expect(open.ok && open.outsidePrerequisites).toEqual(['first-containers']);
    expect(open.ok && open.results.every((r) => r.ok)).toBe(true);

    const withCatalog = readLessonPack(JSON.stringify(pack), {}, { lessonsElsewhere: ['first-containers'] });
    expect(withCatalog.ok && withCatalog.results.every((r) => r.ok)).toBe(true);
    const without = readLessonPack(JSON.stringify(pack), {}, { lessonsElsewhere: ['other'] });
    const second = without.ok ? without.results[1] : undefined;
    expect(second && !second.ok && second.errors.map((e) => e.message)).toEqual([
      'prerequisite "first-containers" is not a lesson here (lessons: demo, second)',
    ]);
  });

  it('keeps a workspace file named like a prototype property as a plain file', () => {
    const pack = validPack();
    pack.lessons[0]!.files['files/constructor'] = 'x';
    pack.lessons[0]!.files['files/toString'] = 'y';
    const result = readLessonPack(JSON.stringify(pack));
    const demo = result.ok ? result.results[0] : undefined;
    expect(demo?.ok && Object.entries(demo.lesson.files).sort()).toEqual([
      ['a.txt', 'hello\n'],
      ['constructor', 'x'],
      ['toString', 'y'],
    ]);
  });
});

describe('readLessonPack: a broken or hostile file gets one sentence', () => {
  it.each([
    [
      '{"format": "wharf-lesson-pack",\n  "version": 1 "lessons": []}',
      "Not a lesson pack: the file is not valid JSON (line 2, column 16: expected ',' or '}' after property value).",
    ],
    ['{"format": ', 'Not a lesson pack: the file is not valid JSON (unexpected end of JSON input).'],
    [
      '{"a": 1} trailing',
      'Not a lesson pack: the file is not valid JSON (line 1, column 10: unexpected non-whitespace character after JSON).',
    ],
    ['  \n', 'Not a lesson pack: the file is empty.'],
    ['[1, 2]', 'Not a lesson pack: the file holds a list, not an object with "format": "wharf-lesson-pack".'],
    ['"text"', 'Not a lesson pack: the file holds text, not an object with "format": "wharf-lesson-pack".'],
    ['null', 'Not a lesson pack: the file holds null, not an object with "format": "wharf-lesson-pack".'],
    ['{"version": 1}', 'Not a lesson pack: it has no "format" (a lesson pack has "format": "wharf-lesson-pack").'],
    [
      '{"format": "docker-compose", "version": 1}',
      'Not a lesson pack: its "format" is "docker-compose", not "wharf-lesson-pack".',
    ],
    ['{"format": 7}', 'Not a lesson pack: its "format" is a number, not "wharf-lesson-pack".'],
  ])('%j', (input, error) => {
    expect(errorOf(input)).toBe(error);
  });

  it('names the field that is missing or of the wrong type', () => {
    expect(errorAfter((p) => delete p['version'])).toBe(
      '"version" is missing (this Wharf reads lesson packs of version 1).',
    );
    expect(errorAfter((p) => (p['version'] = '1'))).toBe('"version" must be a whole number from 1 up, not text.');
    expect(errorAfter((p) => (p['version'] = 1.5))).toBe('"version" must be a whole number from 1 up, not 1.5.');
    expect(errorAfter((p) => (p['version'] = 2))).toBe(
      'This lesson pack was made by a newer Wharf (pack version 2; this Wharf reads version 1).',
    );
    expect(errorAfter((p) => (p['title'] = ['x']))).toBe('"title" must be text, not a list.');
    expect(errorAfter((p) => (p['title'] = 'x'.repeat(201)))).toBe(
      '"title" is 201 characters long; a title has at most 200.',
    );
    expect(errorAfter((p) => delete (p as Record<string, unknown>)['lessons'])).toBe(
      '"lessons" is missing: a lesson pack lists its lessons.',
    );
    expect(errorAfter((p) => ((p as Record<string, unknown>)['lessons'] = {}))).toBe(
      '"lessons" must be a list, not an object.',
    );
    expect(errorAfter((p) => (p['lessons'] = []))).toBe('This lesson pack has no lessons in it.');
    expect(errorAfter((p) => ((p.lessons as unknown[])[1] = 'second'))).toBe(
      'lessons[1] must be an object with "slug" and "files", not text.',
    );
    expect(errorAfter((p) => delete (p.lessons[1] as { slug?: unknown }).slug)).toBe('lessons[1].slug is missing.');
    expect(errorAfter((p) => (p.lessons[1]!.slug = 3))).toBe('lessons[1].slug must be text, not a number.');
    expect(errorAfter((p) => delete (p.lessons[1] as { files?: unknown }).files)).toBe('lessons[1].files is missing.');
    expect(errorAfter((p) => (p.lessons[1]!.files = [] as unknown as Record<string, unknown>))).toBe(
      'lessons[1].files must be an object of path -> text, not a list.',
    );
    expect(errorAfter((p) => (p.lessons[1]!.files['lesson.md'] = 5))).toBe(
      'lessons[1].files["lesson.md"] must be text, not a number.',
    );
    expect(errorAfter((p) => (p.lessons[0]!.files['files/a.txt'] = null))).toBe(
      'lessons[0].files["files/a.txt"] must be text, not null.',
    );
    expect(errorAfter((p) => delete p.lessons[1]!.files['lesson.md'])).toBe('lessons[1] ("second") has no lesson.md.');
  });

  it('refuses slugs that are not plain folder names, and two lessons of one slug', () => {
    const slugError = (slug: string) => errorAfter((p) => (p.lessons[1]!.slug = slug));
    const notAFolder =
      'is not a folder name: a slug is lowercase letters, digits and dashes, starting with a letter or digit.';
    expect(slugError('My Lesson')).toBe(`lessons[1].slug "My Lesson" ${notAFolder}`);
    expect(slugError('../etc')).toBe(`lessons[1].slug "../etc" ${notAFolder}`);
    expect(slugError('-dash')).toBe(`lessons[1].slug "-dash" ${notAFolder}`);
    expect(slugError('')).toBe(`lessons[1].slug "" ${notAFolder}`);
    expect(slugError('__proto__')).toBe(`lessons[1].slug "__proto__" ${notAFolder}`);
    expect(slugError('constructor')).toBe(
      'lessons[1].slug "constructor" is a name JavaScript objects reserve; call the lesson something else.',
    );
    expect(slugError('a'.repeat(101))).toBe(
      `lessons[1].slug "${'a'.repeat(60)}…" is 101 characters long; a slug has at most 100.`,
    );
    expect(slugError('demo')).toBe('lessons[1].slug "demo" is taken by lessons[0]: two lessons cannot share a slug.');
  });

  it('refuses paths that leave the lesson folder or are odd, naming the path', () => {
    const pathError = (path: string) => errorAfter((p) => (p.lessons[0]!.files[path] = 'x'));
    expect(pathError('/etc/passwd')).toBe(
      'lessons[0].files["/etc/passwd"] starts with "/": paths in a pack are relative to the lesson\'s folder.',
    );
    expect(pathError('files/../../../.bashrc')).toBe(
      'lessons[0].files["files/../../../.bashrc"] has a ".." in it: a pack\'s files stay inside their lesson\'s folder.',
    );
    expect(pathError('files/./a')).toBe(
      'lessons[0].files["files/./a"] has a "." folder in it: write the path without it.',
    );
    expect(pathError('files\\a.txt')).toBe(
      'lessons[0].files["files\\\\a.txt"] has a "\\" in it: paths in a pack separate folders with "/".',
    );
    expect(pathError('files/a\u0000.txt')).toBe(
      'lessons[0].files["files/a\\u0000.txt"] has a control character in it.',
    );
    expect(pathError('files//a.txt')).toBe(
      'lessons[0].files["files//a.txt"] has an empty folder name in it (a "//", or a "/" at the end).',
    );
    expect(pathError('files/dir/')).toBe(
      'lessons[0].files["files/dir/"] has an empty folder name in it (a "//", or a "/" at the end).',
    );
    expect(pathError('')).toBe('lessons[0].files[""] is an empty path.');
    expect(pathError('notes.md')).toBe(
      'lessons[0].files["notes.md"] is not lesson.md, setup.sh or a file under files/, the only files a lesson has in a pack.',
    );
    expect(pathError('files/')).toBe(
      'lessons[0].files["files/"] has an empty folder name in it (a "//", or a "/" at the end).',
    );
    expect(pathError('files/sub/lesson.md')).toBe(
      'lessons[0].files["files/sub/lesson.md"] is a lesson.md below the lesson\'s folder, which Wharf would read as another lesson.',
    );
    expect(pathError(`files/${'a'.repeat(195)}`)).toBe(
      `lessons[0].files["files/${'a'.repeat(54)}…"] is 201 characters long; a path has at most 200.`,
    );
    expect(pathError('files/\ud800.txt')).toBe(
      'lessons[0].files["files/\\ud800.txt"] has a broken character in it (half of a UTF-16 pair), which no file name has.',
    );
  });

  it('handles prototype keys as data: "__proto__" as a path is refused, not assigned to a prototype', () => {
    const text = JSON.stringify(validPack()).replace('"setup.sh"', '"__proto__"');
    expect(errorOf(text)).toBe(
      'lessons[0].files["__proto__"] has "__proto__" in it, a name JavaScript objects reserve.',
    );
    const nested = JSON.stringify(validPack()).replace('"files/a.txt"', '"files/__proto__"');
    expect(errorOf(nested)).toBe(
      'lessons[0].files["files/__proto__"] has "__proto__" in it, a name JavaScript objects reserve.',
    );
    const topLevel = JSON.stringify(validPack()).replace('"title"', '"__proto__"');
    const result = readLessonPack(topLevel);
    expect(result.ok && result.pack.title).toBeUndefined();
    expect(({} as Record<string, unknown>)['lessons']).toBeUndefined();
  });

  it('refuses bytes that are not UTF-8 and text UTF-8 cannot hold', () => {
    const bytes = new TextEncoder().encode(JSON.stringify(validPack()));
    bytes[40] = 0xff;
    expect(errorOf(bytes)).toBe('Not a lesson pack: the file is not UTF-8 text.');
    expect(errorOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
      'Not a lesson pack: the file is not UTF-8 text.',
    );
    expect(errorAfter((p) => (p.lessons[0]!.files['files/a.txt'] = 'half \udc00 a pair'))).toBe(
      'lessons[0].files["files/a.txt"] has a broken character in it (half of a UTF-16 pair).',
    );
  });

  it('answers a pack nested 200,000 lists deep without running out of stack', () => {
    const deep = `{"format": "wharf-lesson-pack", "version": 1, "lessons": [${'['.repeat(200_000)}${']'.repeat(200_000)}]}`;
    expect(errorOf(deep)).toBe('lessons[0] must be an object with "slug" and "files", not a list.');
  });

  it("opens a pack whose lesson is a YAML alias bomb, with the bomb as that lesson's error", () => {
    const aliases = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcdefg')
      aliases.push(
        `${name}: &${name} [${Array(9)
          .fill(`*${aliases.length === 1 ? 'a' : String.fromCharCode(name.charCodeAt(0) - 1)}`)
          .join(', ')}]`,
      );
    const pack = validPack();
    pack.lessons[1]!.files['lesson.md'] =
      `${FRONTMATTER}\n## Step: One\n\n\`\`\`check\n${aliases.join('\n')}\n\`\`\`\n`;
    const result = readLessonPack(JSON.stringify(pack));
    expect(result.ok && result.results.map((r) => (r.ok ? 'ok' : r.errors.map((e) => e.message)))).toEqual([
      'ok',
      ['this YAML does not parse: Excessive alias count indicates a resource exhaustion attack'],
    ]);
  });

  it('refuses input that is neither text nor bytes, without throwing', () => {
    expect(errorOf({} as unknown as string)).toBe(
      'Not a lesson pack: a pack is read from the text or the bytes of a file.',
    );
  });
});

describe('readLessonPack: limits', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_PACK_LIMITS).toEqual({
      maxPackBytes: 5_000_000,
      maxFiles: 500,
      maxFileBytes: 1_000_000,
      maxLessons: 50,
    });
  });

  it('refuses a file over the size limit before parsing it, as text or bytes', () => {
    const big = `{"padding": "${'x'.repeat(5_000_000)}"}`;
    expect(errorOf(big)).toBe('This file is 5,000,015 bytes; a lesson pack may be at most 5 MB.');
    expect(errorOf(new TextEncoder().encode(big))).toBe(
      'This file is 5,000,015 bytes; a lesson pack may be at most 5 MB.',
    );
    // Not even JSON: the size alone decides, so no time goes into parsing it.
    expect(errorOf('['.repeat(6_200_000))).toBe('This file is 6.2 MB; a lesson pack may be at most 5 MB.');
    // Counted in UTF-8 bytes: 1.7 million three-byte characters are 5.1 MB.
    expect(errorOf(`"${'☸'.repeat(1_700_000)}"`)).toBe('This file is 5.1 MB; a lesson pack may be at most 5 MB.');
  });

  it('refuses too many lessons, too many files and one file too big, at the limits given', () => {
    const pack = validPack();
    expect(readLessonPack(JSON.stringify(pack), { maxLessons: 2 }).ok).toBe(true);
    expect(errorOf(JSON.stringify(pack), { maxLessons: 1 })).toBe(
      'This lesson pack has 2 lessons; at most 1 can be opened.',
    );
    expect(readLessonPack(JSON.stringify(pack), { maxFiles: 4 }).ok).toBe(true);
    expect(errorOf(JSON.stringify(pack), { maxFiles: 3 })).toBe(
      'This lesson pack has more than 3 files; at most 3 can be opened.',
    );
    expect(readLessonPack(JSON.stringify(pack), { maxFileBytes: LESSON_MD.length }).ok).toBe(true);
    expect(errorOf(JSON.stringify(pack), { maxFileBytes: LESSON_MD.length - 1 })).toBe(
      `lessons[0].files["lesson.md"] is ${LESSON_MD.length} bytes; one file may be at most ${LESSON_MD.length - 1} bytes.`,
    );
  });

  it('refuses the default limits plus one', () => {
    const many = validPack();
    many.lessons = Array.from({ length: 51 }, (_, i) => ({ slug: `l${i}`, files: { 'lesson.md': LESSON_MD } }));
    expect(errorOf(JSON.stringify(many))).toBe('This lesson pack has 51 lessons; at most 50 can be opened.');
    const files = validPack();
    for (let i = 0; i < 498; i++) files.lessons[0]!.files[`files/f${i}.txt`] = '';
    expect(errorOf(JSON.stringify(files))).toBe('This lesson pack has more than 500 files; at most 500 can be opened.');
    const big = validPack();
    big.lessons[0]!.files['files/big.txt'] = 'é'.repeat(500_001);
    expect(errorOf(JSON.stringify(big))).toBe(
      'lessons[0].files["files/big.txt"] is 1,000,002 bytes; one file may be at most 1 MB.',
    );
  });
});
