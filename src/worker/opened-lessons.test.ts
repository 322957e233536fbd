import { describe, expect, it } from 'vitest';
import type { Lesson } from '../lessons/index.js';
import { lessonPackText, type LessonPack } from '../lessons/pack/lesson-pack.js';
import { OpenedLessons } from './opened-lessons.js';
import { MemoryOpenedPackStore, parseStoredPack, type OpenedPackStore } from './opened-pack-store.js';
import { starterLesson } from './lesson-template.js';

function pack(lessons: { slug: string; lesson?: string; files?: Record<string, string> }[], title?: string): string {
  const value: LessonPack = {
    format: 'wharf-lesson-pack',
    version: 1,
    ...(title ? { title } : {}),
    lessons: lessons.map((l) => ({
      slug: l.slug,
      files: { 'lesson.md': l.lesson ?? starterLesson(`Lesson ${l.slug}`), ...l.files },
    })),
  };
  return lessonPackText(value);
}

function opened(store: OpenedPackStore = new MemoryOpenedPackStore()) {
  const seen: Lesson[][] = [];
  const lessons = new OpenedLessons({
    store,
    builtIn: ['first-containers'],
    changed: (l) => seen.push(l),
    now: () => 7,
  });
  return { lessons, seen, store };
}

const withPrerequisite = (...slugs: string[]) =>
  starterLesson('After').replace(
    'needsKubernetes: false',
    `needsKubernetes: false\nprerequisites:\n${slugs.map((s) => `  - ${s}`).join('\n')}`,
  );

describe('OpenedLessons', () => {
  it('opens a pack under namespaced slugs, prerequisites inside the pack too, and keeps it', async () => {
    const { lessons, seen, store } = opened();
    const text = pack(
      [{ slug: 'basics' }, { slug: 'after', lesson: withPrerequisite('basics', 'first-containers') }],
      'A course',
    );
    const result = await lessons.open(text, 'course.wharf-lesson.json');
    expect(result).toEqual({
      ok: true,
      pack: 'after+basics',
      title: 'A course',
      lessons: ['opened.after', 'opened.basics'],
      replaced: [],
    });
    const after = lessons.lessons().find((l) => l.slug === 'opened.after')!;
    expect(after.meta.prerequisites).toEqual(['opened.basics', 'first-containers']);
    expect(seen.at(-1)?.map((l) => l.slug)).toEqual(['opened.after', 'opened.basics']);
    expect(lessons.catalog()).toMatchObject([{ id: 'after+basics', from: 'course.wharf-lesson.json', openedAt: 7 }]);

    // A new worker (a reload) reads it back from the store.
    const again = opened(store);
    await again.lessons.load();
    expect(again.lessons.lessons().map((l) => l.slug)).toEqual(['opened.after', 'opened.basics']);
  });

  it('refuses a hostile or broken pack with one sentence, and changes nothing', async () => {
    const { lessons, seen, store } = opened();
    await lessons.open(pack([{ slug: 'kept' }]), 'kept.json');
    const before = [...(store as MemoryOpenedPackStore).values.keys()];
    const changes = seen.length;

    const traversal = pack([{ slug: 'evil', files: { '../../etc/passwd': 'x' } }]);
    const notJson = 'this is not JSON';
    const brokenLesson = pack([
      { slug: 'good' },
      { slug: 'bad', lesson: starterLesson('B').replace('beginner', 'expert') },
    ]);
    for (const [text, error] of [
      [traversal, /^evil\.json could not be opened: .*\.\./],
      [notJson, /^evil\.json could not be opened: .*JSON/],
      [
        brokenLesson,
        /^evil\.json could not be opened: its lesson “bad” does not load: lessons\/bad\/lesson\.md:4:\d+ error: .*level/,
      ],
    ] as const) {
      const result = await lessons.open(text, 'evil.json');
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.error).toMatch(error);
    }
    const bytes = await lessons.open(new Uint8Array([0xff, 0xfe, 0x00]), 'evil.json');
    expect(bytes).toEqual({ ok: false, error: 'evil.json is not a lesson file: it is not text (UTF-8)' });

    expect([...(store as MemoryOpenedPackStore).values.keys()]).toEqual(before);
    expect(seen.length).toBe(changes);
    expect(lessons.lessons().map((l) => l.slug)).toEqual(['opened.kept']);
  });

  it('replaces a pack that shares a lesson with the new one, and removes one on request', async () => {
    const { lessons, store } = opened();
    await lessons.open(pack([{ slug: 'one' }, { slug: 'two' }]), 'old.json');
    await lessons.open(pack([{ slug: 'three' }]), 'other.json');
    const result = await lessons.open(pack([{ slug: 'two', lesson: starterLesson('Two, newer') }]), 'new.json');
    expect(result).toMatchObject({ ok: true, replaced: ['opened.one', 'opened.two'] });
    expect(lessons.catalog().map((p) => [p.id, p.title])).toEqual([
      ['three', 'Lesson three'],
      ['two', 'Two, newer'],
    ]);
    expect([...(store as MemoryOpenedPackStore).values.keys()].sort()).toEqual(['three', 'two']);
    await lessons.remove('three');
    expect(lessons.lessons().map((l) => l.slug)).toEqual(['opened.two']);
  });

  it('reads corrupt storage as no pack, record by record', async () => {
    const store = new MemoryOpenedPackStore();
    store.values.set('a', 'junk');
    store.values.set('b', { id: 'b', from: 'b.json', openedAt: 'yesterday', text: pack([{ slug: 'b' }]) });
    store.values.set('c', { id: 'c', from: 'c.json', openedAt: 1, text: '{"format":"wharf-lesson-pack"' });
    store.values.set('d', { id: 'd', from: 'd.json', openedAt: 1, text: pack([{ slug: 'd' }]) });
    store.values.set('e', { id: 'e', from: 'e.json', openedAt: 0, text: pack([{ slug: 'e' }]) });
    const { lessons } = opened(store);
    await lessons.load();
    // The good ones, in the order they were opened.
    expect(lessons.lessons().map((l) => l.slug)).toEqual(['opened.e', 'opened.d']);

    const refused = opened({
      all: () => Promise.reject(new Error('blocked')),
      put: () => Promise.reject(new Error('QuotaExceededError')),
      delete: () => Promise.resolve(),
    });
    await refused.lessons.load();
    expect(refused.lessons.lessons()).toEqual([]);
    const result = await refused.lessons.open(pack([{ slug: 'x' }]), 'x.json');
    expect(result).toEqual({
      ok: false,
      error: 'x.json could not be kept in this browser’s storage (QuotaExceededError)',
    });
    expect(refused.lessons.lessons()).toEqual([]);
  });

  it('parses stored records strictly', () => {
    expect(parseStoredPack({ id: 'x', from: 'f', openedAt: 1, text: 't' })).toEqual({
      id: 'x',
      from: 'f',
      openedAt: 1,
      text: 't',
    });
    for (const bad of [
      null,
      [],
      { id: '', from: 'f', openedAt: 1, text: 't' },
      { id: 'x', from: 'f', openedAt: NaN, text: 't' },
    ])
      expect(parseStoredPack(bad)).toBeUndefined();
  });
});
