import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Lesson } from '../lessons/index.js';
import type { LessonDraft } from '../protocol/lessons.js';
import type { WorkspaceEntry } from '../protocol/worker-api.js';
import { draftSlug, LessonDraftWatcher, normalizeFolder } from './lesson-draft.js';
import { starterLesson } from './lesson-template.js';

/** A workspace in memory: files, a change feed, and how often the watcher read it. */
function fakeWorkspace(initial: Record<string, string>) {
  const files = new Map(Object.entries(initial));
  const listeners = new Set<(path: string) => void>();
  const counts = { lists: 0 };
  /** While set, reads wait for it (a slow guest). */
  const gate: { hold?: Promise<void> } = {};
  return {
    files,
    counts,
    gate,
    change(path: string, text?: string) {
      if (text === undefined) files.delete(path);
      else files.set(path, text);
      for (const l of listeners) l(path);
    },
    deps: {
      async list(): Promise<WorkspaceEntry[]> {
        counts.lists++;
        return [...files].map(([path, text]) => ({ path, kind: 'file' as const, size: text.length, mtimeMs: 0 }));
      },
      async read(path: string): Promise<string> {
        await gate.hold;
        const text = files.get(path);
        if (text === undefined) throw new Error(`no such file: ${path}`);
        return text;
      },
      onFileChanged(listener: (path: string) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };
}

function watch(ws: ReturnType<typeof fakeWorkspace>, knownSlugs: string[] = []) {
  const published: { draft: LessonDraft | undefined; lesson: Lesson | undefined }[] = [];
  const watcher = new LessonDraftWatcher({
    ...ws.deps,
    knownSlugs,
    debounceMs: 300,
    publish: (draft, lesson) => published.push({ draft, lesson }),
  });
  return { watcher, published };
}

const GOOD = starterLesson('Hello');

describe('LessonDraftWatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('loads the folder with the build’s loader and names the lesson by its draft slug', async () => {
    const ws = fakeWorkspace({ 'hello/lesson.md': GOOD, 'hello/files/app.txt': 'x', 'other/lesson.md': 'junk' });
    const { watcher, published } = watch(ws);
    const draft = await watcher.open('hello/');
    expect(draft.folder).toBe('hello');
    expect(draft.slug).toBe('draft.hello');
    expect(draft.errors).toEqual([]);
    expect(draft.lesson?.slug).toBe('draft.hello');
    expect(draft.lesson?.files).toEqual({ 'app.txt': 'x' });
    expect(draft.lesson?.steps.map((s) => s.id)).toEqual(['write-a-file']);
    expect(published).toHaveLength(1);
  });

  it('reads again once edits settle: one reading for a burst, errors at their line, gone when fixed', async () => {
    const ws = fakeWorkspace({ 'hello/lesson.md': GOOD });
    const { watcher, published } = watch(ws);
    await watcher.open('hello');
    const listsAfterOpen = ws.counts.lists;

    const broken = GOOD.replace('level: beginner', 'level: expert');
    ws.change('hello/lesson.md', broken);
    await vi.advanceTimersByTimeAsync(100);
    ws.change('hello/lesson.md', broken); // a second save inside the window restarts it
    await vi.advanceTimersByTimeAsync(299);
    expect(ws.counts.lists).toBe(listsAfterOpen);
    await vi.advanceTimersByTimeAsync(1);
    expect(ws.counts.lists).toBe(listsAfterOpen + 1);
    const withError = published.at(-1)!;
    expect(withError.lesson).toBeUndefined();
    expect(withError.draft?.errors).toHaveLength(1);
    expect(withError.draft?.errors[0]).toMatchObject({ file: 'hello/lesson.md', line: 4 });
    expect(withError.draft?.errors[0]?.message).toMatch(/level/);

    ws.change('hello/lesson.md', GOOD.replace('## Step: Write a file', '## Step: Write two files'));
    await vi.advanceTimersByTimeAsync(300);
    const fixed = published.at(-1)!;
    expect(fixed.draft?.errors).toEqual([]);
    expect(fixed.lesson?.steps[0]?.title).toBe('Write two files');
  });

  it('ignores changes outside its folder, and stops reading once closed', async () => {
    const ws = fakeWorkspace({ 'hello/lesson.md': GOOD, 'hello2/lesson.md': GOOD });
    const { watcher, published } = watch(ws);
    await watcher.open('hello');
    ws.change('hello2/lesson.md', 'changed');
    ws.change('notes.txt', 'x');
    await vi.advanceTimersByTimeAsync(1000);
    expect(published).toHaveLength(1);

    ws.change('hello/lesson.md', GOOD);
    watcher.close(); // before the debounce fires
    await vi.advanceTimersByTimeAsync(1000);
    expect(published.map((p) => p.draft?.slug)).toEqual(['draft.hello', undefined]);
    expect(watcher.current()).toBeUndefined();
  });

  it('publishes only the newest of two overlapping readings', async () => {
    const ws = fakeWorkspace({ 'hello/lesson.md': GOOD });
    const { watcher, published } = watch(ws);
    await watcher.open('hello');
    let release!: () => void;
    ws.gate.hold = new Promise<void>((r) => (release = r));
    const older = watcher.reread(); // waits on its read
    await vi.advanceTimersByTimeAsync(0);
    ws.gate.hold = undefined;
    ws.files.set('hello/lesson.md', GOOD.replace('title: Hello', 'title: Newer'));
    await watcher.reread();
    release();
    await older;
    expect(published.at(-1)?.lesson?.meta.title).toBe('Newer');
    // The open's reading and the newer one: the older reading, finished last, was dropped.
    expect(published.map((p) => p.lesson?.meta.title)).toEqual(['Hello', 'Newer']);
  });

  it('says plainly when the folder holds no lesson.md, and accepts the build’s lessons as prerequisites', async () => {
    const ws = fakeWorkspace({ 'empty/notes.txt': 'x' });
    const { watcher } = watch(ws, ['first-containers']);
    expect((await watcher.open('empty')).problem).toMatch(/no empty\/lesson\.md/);

    ws.files.set(
      'after/lesson.md',
      GOOD.replace('needsKubernetes: false', 'needsKubernetes: false\nprerequisites:\n  - first-containers'),
    );
    const draft = await watcher.open('after');
    expect(draft.errors).toEqual([]);
    expect(draft.lesson?.meta.prerequisites).toEqual(['first-containers']);

    ws.files.set(
      'after/lesson.md',
      GOOD.replace('needsKubernetes: false', 'prerequisites: [nope]\nneedsKubernetes: false'),
    );
    const missing = await watcher.reread();
    expect(missing.errors[0]?.message).toMatch(/prerequisite "nope" is not a lesson here/);
  });

  it('refuses a file too big to be lesson text, naming it', async () => {
    const ws = fakeWorkspace({ 'big/lesson.md': GOOD, 'big/files/disk.img': 'x'.repeat(600 * 1024) });
    const { watcher } = watch(ws);
    const draft = await watcher.open('big');
    expect(draft.lesson).toBeUndefined();
    expect(draft.errors).toEqual([
      { file: 'big/files/disk.img', line: 1, column: 1, message: "larger than 512 KB: a lesson's files are text" },
    ]);
  });
});

describe('draft folders and slugs', () => {
  it('keeps folders inside the workspace', () => {
    expect(normalizeFolder('./course//intro/')).toBe('course/intro');
    expect(() => normalizeFolder('../etc')).toThrow(/leaves the workspace/);
    expect(() => normalizeFolder('/')).toThrow(/name a folder/);
  });

  it('makes a slug a URL can carry from any folder name', () => {
    expect(draftSlug('course/intro')).toBe('draft.intro');
    expect(draftSlug('My Lesson (v2)')).toBe('draft.My-Lesson-v2-');
    expect(draftSlug('...')).toBe('draft.lesson');
  });
});
