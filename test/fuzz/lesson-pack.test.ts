// Random mutations of a valid pack (the three pilot lessons), as text, as bytes and as data: readLessonPack must
// never throw, and must answer either ok with every lesson loaded or not, or one sentence. Seeded, so a failure
// repeats: the seed and the mutation are in the assertion's message.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLessonFolder } from '../../src/lessons/lesson-folder.node.js';
import { lessonPackText, type LessonPack } from '../../src/lessons/pack/lesson-pack.js';
import { packLessons } from '../../src/lessons/pack/pack-lessons.js';
import { readLessonPack, type ReadPackResult } from '../../src/lessons/pack/read-lesson-pack.js';
import { seededRandom } from './fuzz-kit.js';

const LESSONS = fileURLToPath(new URL('../../lessons', import.meta.url));
const PILOTS = ['deployment-desired-state', 'first-containers', 'service-in-front'];
const ROUNDS = 600;

const ODD_TEXT = ['', '..', '/', '\\', '\u0000', '\ud800', '__proto__', 'constructor', 'lesson.md', 'files/', 'é☸'];
const ODD_VALUES: unknown[] = [
  null,
  0,
  -1,
  1.5,
  2,
  1e308,
  true,
  [],
  {},
  ...ODD_TEXT,
  JSON.parse('{"__proto__": {"polluted": 1}}'),
];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

/** Replace one value somewhere in the pack's data, or add or drop a key. */
function mutateData(value: unknown, next: () => number): unknown {
  if (value === null || typeof value !== 'object' || next() < 0.25) {
    return next() < 0.5 ? pick(next, ODD_VALUES) : `${String(value)}${pick(next, ODD_TEXT)}`;
  }
  if (Array.isArray(value)) {
    const copy = [...value];
    const at = Math.floor(next() * (copy.length + 1));
    if (at === copy.length || next() < 0.1) copy.push(copy[0] ?? pick(next, ODD_VALUES));
    else copy[at] = mutateData(copy[at], next);
    return copy;
  }
  const entries = Object.entries(value);
  const roll = next();
  if (roll < 0.15) return Object.fromEntries([...entries, [pick(next, ODD_TEXT), pick(next, ODD_VALUES)]]);
  if (roll < 0.3 && entries.length)
    return Object.fromEntries(entries.filter((_, i) => i !== Math.floor(next() * entries.length)));
  const at = Math.floor(next() * entries.length);
  return Object.fromEntries(entries.map(([k, v], i) => [k, i === at ? mutateData(v, next) : v]));
}

/** Cut, repeat, insert or overwrite a stretch of the file's text. */
function mutateText(text: string, next: () => number): string {
  const at = Math.floor(next() * text.length);
  const length = Math.floor(next() * 40);
  switch (Math.floor(next() * 4)) {
    case 0:
      return text.slice(0, at) + text.slice(at + length);
    case 1:
      return text.slice(0, at) + text.slice(at, at + length).repeat(3) + text.slice(at);
    case 2:
      return text.slice(0, at) + pick(next, ['{', '}', '[', ']', '"', ',', ':', '\\', '\\u', 'null']) + text.slice(at);
    default:
      return text.slice(0, at);
  }
}

function expectAnswer(result: ReadPackResult, what: string): void {
  if (result.ok) {
    expect(result.results.length, what).toBe(result.pack.lessons.length);
    for (const r of result.results) expect(r.ok || r.errors.length > 0, what).toBe(true);
  } else {
    expect(result.error, what).toMatch(/^\S[^\n]*\.$/);
  }
}

// About 3 s on a quiet machine; the bound is for a busy one.
describe('readLessonPack under random mutation', { timeout: 60_000 }, () => {
  it(`answers every one of ${ROUNDS * 3} mutated packs (text, bytes, data) without throwing`, async () => {
    const all = await readLessonFolder(LESSONS);
    const files = Object.fromEntries(
      Object.entries(all).filter(([p]) => PILOTS.some((s) => p.startsWith(`lessons/${s}/`))),
    );
    const pack: LessonPack = packLessons(files, { title: 'Pilot course' });
    const text = lessonPackText(pack);
    const answers = { ok: 0, refused: 0 };
    for (let seed = 1; seed <= ROUNDS; seed++) {
      const next = seededRandom(seed);
      const mutatedText = mutateText(text, next);
      const bytes = new TextEncoder().encode(text);
      for (let i = 0; i < 3; i++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      const mutatedData = JSON.stringify(mutateData(pack, next));
      for (const [kind, input] of [
        ['text', mutatedText],
        ['bytes', bytes],
        ['data', mutatedData],
      ] as const) {
        let result: ReadPackResult | undefined;
        expect(() => (result = readLessonPack(input)), `seed ${seed}, ${kind}`).not.toThrow();
        expectAnswer(result!, `seed ${seed}, ${kind}`);
        answers[result!.ok ? 'ok' : 'refused']++;
      }
    }
    // Both answers happen: a fuzzer whose every mutation is refused (or accepted) tests one path only.
    expect(answers.ok).toBeGreaterThan(ROUNDS / 10);
    expect(answers.refused).toBeGreaterThan(ROUNDS / 10);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
