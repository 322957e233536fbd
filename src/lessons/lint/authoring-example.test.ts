// docs/authoring.md walks an instructor through one lesson from an empty folder: that lesson, as the doc prints it,
// must pass lessons:check, and the error the doc shows for a typo must be the one lessons:check prints. (The VM run
// the doc shows was measured with `npm run lessons:test` on the same files.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLessonError } from '../lesson-error.js';
import { readLessonFolder } from '../lesson-folder.node.js';
import { checkLessons } from './check-lessons.js';

const root = join(import.meta.dirname, '..', '..', '..');
const doc = readFileSync(join(root, 'docs', 'authoring.md'), 'utf8');
const lessonMd = /````markdown\n(---\ntitle: A pod that comes back\n[\s\S]*?)\n````/.exec(doc)?.[1];
const webYaml = /```yaml\n# lessons\/replace-a-pod\/files\/web\.yaml\n([\s\S]*?)```/.exec(doc)?.[1];
// Its prerequisite is a real lesson of the course.
const course = await readLessonFolder(join(root, 'lessons'));

const withExample = (text: string) => ({
  ...course,
  'lessons/replace-a-pod/lesson.md': `${text}\n`,
  'lessons/replace-a-pod/files/web.yaml': webYaml!,
});

describe("docs/authoring.md's worked example", () => {
  it('is in the doc', () => {
    expect(lessonMd).toBeDefined();
    expect(webYaml).toBeDefined();
  });

  it('passes lessons:check', () => {
    const [check] = checkLessons(withExample(lessonMd!), ['lessons/replace-a-pod']);
    expect(check?.errors.map(formatLessonError)).toEqual([]);
  });

  it('prints the error the doc shows for a typo', () => {
    const [check] = checkLessons(withExample(lessonMd!.replace('selector: app=web', 'selctor: app=web')), [
      'lessons/replace-a-pod',
    ]);
    const shown = /would print, among others, `([^`]+)`/.exec(doc.replace(/\n/g, ' '))?.[1];
    expect(check?.errors.map(formatLessonError)).toContain(shown);
  });
});
