import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLessonFolder } from '../lesson-folder.node.js';
import { loadLessons } from '../load-lessons.js';
import { FRONTMATTER } from '../testing/lesson-fixture.js';
import { lessonPackText } from './lesson-pack.js';
import { filesLeftOut, packLessons, PackLessonsError } from './pack-lessons.js';
import { readLessonPack } from './read-lesson-pack.js';

const LESSONS = fileURLToPath(new URL('../../../lessons', import.meta.url));
const LESSON_MD = `${FRONTMATTER}\n## Step: One\n\n\`\`\`check\nid: a\ncheck: file.exists\npath: a.txt\n\`\`\`\n`;

/** The course's files as loadLessons takes them. */
const courseFiles = (): Promise<Record<string, string>> => readLessonFolder(LESSONS);

describe('packLessons', () => {
  it('round-trips the course: pack, write, read gives the same files and the same loaded lessons', async () => {
    const files = await courseFiles();
    const pack = packLessons(files, { title: 'The course' });
    expect(pack.lessons.map((l) => l.slug)).toEqual(loadLessons(files).map((r) => r.slug));
    expect(pack.lessons.length).toBeGreaterThanOrEqual(14);
    expect(Object.keys(pack.lessons.find((l) => l.slug === 'service-in-front')!.files)).toEqual([
      'lesson.md',
      'files/nginx-deployment.yaml',
      'files/nginx-service.yaml',
      'setup.sh',
    ]);
    const read = readLessonPack(lessonPackText(pack));
    if (!read.ok) throw new Error(read.error);
    expect(read.pack).toEqual(pack);
    expect(read.files).toEqual(files);
    expect(read.results).toEqual(loadLessons(files));
    expect(read.results.every((r) => r.ok)).toBe(true);
    expect(read.outsidePrerequisites).toEqual([]);
  });

  it('packs only the lessons named, by slug or folder; their prerequisites stay outside the pack', async () => {
    const files = await courseFiles();
    const bySlug = packLessons(files, { only: ['service-in-front'] });
    const byFolder = packLessons(files, { only: ['lessons/service-in-front/'] });
    expect(byFolder).toEqual(bySlug);
    expect(bySlug.lessons.map((l) => l.slug)).toEqual(['service-in-front']);
    expect('title' in bySlug).toBe(false);
    const read = readLessonPack(lessonPackText(bySlug));
    expect(read.ok && read.outsidePrerequisites).toEqual(['self-healing']);
    const original = loadLessons(files).find((r) => r.slug === 'service-in-front');
    expect(read.ok && read.results).toEqual([original]);
  });

  it('carries lesson.md, setup.sh and files/ only, and says what it left out', () => {
    const files = {
      'course/demo/lesson.md': LESSON_MD,
      'course/demo/files/a.txt': 'a',
      'course/demo/notes.md': 'for the instructor',
      'course/demo/img/map.svg': '<svg/>',
      'course/README.md': 'not in any lesson',
    };
    const pack = packLessons(files);
    expect(pack.lessons).toEqual([{ slug: 'demo', files: { 'lesson.md': LESSON_MD, 'files/a.txt': 'a' } }]);
    expect(filesLeftOut(files)).toEqual(['course/demo/img/map.svg', 'course/demo/notes.md']);
  });

  it('refuses what cannot make a pack, saying why', () => {
    const fail = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(PackLessonsError);
        return (error as Error).message;
      }
      throw new Error('packLessons did not refuse');
    };
    expect(fail(() => packLessons({ 'notes.md': '' }))).toBe(
      'there is no lesson to pack (a lesson is a folder with a lesson.md)',
    );
    const two = { 'a/demo/lesson.md': LESSON_MD, 'b/demo/lesson.md': LESSON_MD, 'b/other/lesson.md': LESSON_MD };
    expect(fail(() => packLessons(two))).toBe(
      'a/demo/ and b/demo/ are both lesson "demo": a pack cannot hold two lessons of one name',
    );
    expect(fail(() => packLessons(two, { only: ['nope'] }))).toBe(
      'there is no lesson "nope" to pack (lessons: demo, demo, other)',
    );
    expect(packLessons(two, { only: ['other'] }).lessons.map((l) => l.slug)).toEqual(['other']);
    expect(fail(() => packLessons({ 'lessons/My Lesson/lesson.md': LESSON_MD }))).toBe(
      'these lessons do not make a pack that opens: lessons[0].slug "My Lesson" is not a folder name: a slug is lowercase letters, digits and dashes, starting with a letter or digit.',
    );
    expect(fail(() => packLessons({ 'lessons/demo/lesson.md': LESSON_MD }, { limits: { maxFileBytes: 10 } }))).toBe(
      `these lessons do not make a pack that opens: lessons[0].files["lesson.md"] is ${LESSON_MD.length} bytes; one file may be at most 10 bytes.`,
    );
  });
});
