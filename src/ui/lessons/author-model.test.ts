import { describe, expect, it } from 'vitest';
import type { LessonDraft, LessonView, OpenPackResult } from '../../protocol/lessons.js';
import { AUTHOR_KEY, AuthorModel, type AuthorApi } from './author-model.js';

function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}

const lesson = (title: string) => ({ slug: 'draft.hello', meta: { title } }) as LessonView;
const draft = (patch: Partial<LessonDraft> = {}): LessonDraft => ({
  folder: 'hello',
  slug: 'draft.hello',
  errors: [],
  ...patch,
});

/** The worker's calls, recorded; each answers what the test sets. */
function fakeApi(answers: { pack?: OpenPackResult; draft?: LessonDraft; createError?: string } = {}) {
  const calls: string[] = [];
  const api: AuthorApi = {
    openLessonDraft: async (folder) => {
      calls.push(`open ${folder}`);
      return answers.draft ?? draft({ folder, lesson: lesson('Hello') });
    },
    closeLessonDraft: async () => void calls.push('close'),
    createLessonFolder: async (folder) => {
      calls.push(`create ${folder}`);
      if (answers.createError) throw new Error(answers.createError);
    },
    writeWorkspaceFile: async (path) => void calls.push(`write ${path}`),
    openLessonPack: async (_, from) => {
      calls.push(`pack ${from}`);
      return answers.pack ?? { ok: false, error: 'no answer' };
    },
    fetchLessonPack: async (url) => {
      calls.push(`fetch ${url}`);
      return answers.pack ?? { ok: false, error: 'no answer' };
    },
    removeLessonPack: async (id) => void calls.push(`remove ${id}`),
  };
  return { api, calls };
}

describe('AuthorModel', () => {
  it('keeps the last version that loaded as the preview while the draft has errors', () => {
    const model = new AuthorModel(fakeApi().api, undefined);
    model.apply({ type: 'lesson/draft', draft: draft({ lesson: lesson('One') }) });
    const error = { file: 'hello/lesson.md', line: 4, column: 8, message: 'level must be one of …' };
    model.apply({ type: 'lesson/draft', draft: draft({ errors: [error] }) });
    expect(model.get().draft?.errors).toEqual([error]);
    expect(model.get().preview?.meta.title).toBe('One');
    model.apply({ type: 'lesson/draft', draft: draft({ lesson: lesson('Two') }) });
    expect(model.get().preview?.meta.title).toBe('Two');
    model.apply({ type: 'lesson/draft', draft: undefined });
    expect(model.get().preview).toBeUndefined();
  });

  it('remembers the open folder for the next visit, and reads a broken record as none', async () => {
    const storage = memoryStorage();
    const { api, calls } = fakeApi();
    const model = new AuthorModel(api, storage);
    expect(await model.openFolder('hello')).toBe('draft.hello');
    expect(JSON.parse(storage.map.get(AUTHOR_KEY)!)).toEqual({ version: 1, folder: 'hello' });

    const next = new AuthorModel(api, storage);
    await next.resume();
    expect(calls).toEqual(['open hello', 'open hello']);

    next.close();
    expect(new AuthorModel(api, storage).get().folder).toBeUndefined();
    for (const junk of ['{', '[]', '{"version":2,"folder":"x"}', '{"version":1,"folder":3}'])
      expect(new AuthorModel(api, memoryStorage({ [AUTHOR_KEY]: junk })).get().folder).toBeUndefined();
  });

  it('copies a dropped folder into the workspace only when it is a lesson folder', async () => {
    const { api, calls } = fakeApi();
    const model = new AuthorModel(api, undefined);
    expect(await model.importFolder('notes', [{ path: 'readme.md', text: 'x' }])).toBeUndefined();
    expect(model.get().banner).toEqual({
      kind: 'error',
      text: 'The folder “notes” has no lesson.md at its top: it is not a lesson folder.',
    });
    expect(calls).toEqual([]);

    const files = [
      { path: 'lesson.md', text: '---' },
      { path: 'files/app.py', text: 'print()' },
    ];
    expect(await model.importFolder('hello', files)).toBe('draft.hello');
    expect(calls).toEqual(['write hello/lesson.md', 'write hello/files/app.py', 'open hello']);
  });

  it('says what opening a pack did, and re-reads the catalog only when something changed', async () => {
    const ok: OpenPackResult = { ok: true, pack: 'a', title: 'Scaling', lessons: ['opened.a'], replaced: [] };
    const good = new AuthorModel(fakeApi({ pack: ok }).api, undefined);
    expect(await good.openPackUrl('https://h.test/a.json')).toBe('opened.a');
    expect(good.get().banner).toEqual({
      kind: 'done',
      text: 'Opened “Scaling” (1 lesson). It stays in this browser.',
    });
    expect(good.get().catalogVersion).toBe(1);

    const bad = new AuthorModel(
      fakeApi({ pack: { ok: false, error: 'x.json could not be opened: …' } }).api,
      undefined,
    );
    expect(await bad.openPack('junk', 'x.json')).toBeUndefined();
    expect(bad.get().banner).toEqual({ kind: 'error', text: 'x.json could not be opened: …' });
    expect(bad.get().catalogVersion).toBe(0);
  });

  it('shows the worker’s reason when a new lesson folder cannot be made', async () => {
    const { api, calls } = fakeApi({ createError: 'the workspace already has “hello”: open it, or pick another name' });
    const model = new AuthorModel(api, undefined);
    expect(await model.createFolder('hello')).toBeUndefined();
    expect(model.get().banner?.text).toBe('the workspace already has “hello”: open it, or pick another name');
    expect(calls).toEqual(['create hello']);
  });
});
