import { describe, expect, it } from 'vitest';
import type { LessonPack } from './lesson-pack.js';
import { packFileName } from './pack-file-name.js';

function pack(slugs: string[], title?: string): LessonPack {
  return {
    format: 'wharf-lesson-pack',
    version: 1,
    ...(title !== undefined ? { title } : {}),
    lessons: slugs.map((slug) => ({ slug, files: { 'lesson.md': '' } })),
  };
}

describe('packFileName', () => {
  it('names a one-lesson pack after the lesson, even when it has a title', () => {
    expect(packFileName(pack(['first-containers'], 'Course'))).toBe('first-containers.wharf-lesson.json');
  });

  it('names a course after its title, as a plain file name', () => {
    expect(packFileName(pack(['a', 'b'], 'Kubernetes: the Basics (Día 1)'))).toBe(
      'kubernetes-the-basics-dia-1.wharf-lesson.json',
    );
    expect(packFileName(pack(['a', 'b'], '../../etc/passwd'))).toBe('etc-passwd.wharf-lesson.json');
  });

  it('falls back to the name given, then to "lessons"', () => {
    expect(packFileName(pack(['a', 'b']), 'my-course')).toBe('my-course.wharf-lesson.json');
    expect(packFileName(pack(['a', 'b'], '☸☸'), '')).toBe('lessons.wharf-lesson.json');
  });
});
