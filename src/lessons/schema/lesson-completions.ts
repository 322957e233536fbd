/**
 * What an editor may offer to type at a place in a lesson.md, from the one schema: frontmatter fields and their
 * values, check kinds after `check:`, a check kind's fields (and their fixed values) inside a ```check or
 * ```requires block. The page's editor shows them as completions (src/ui/editor, through the worker's
 * `lessonCompletions`); they are plain data so the rules stay in the engine and are tested without an editor. A line-based reading on purpose: it looks at the lines above
 * the cursor only, so half-written YAML (what is there while someone types) still gets answers.
 */
import type { LessonCompletion } from '../../protocol/lessons.js';
import { CHECK_KINDS } from './check-kinds.js';
import { FRONTMATTER_SCHEMA } from './frontmatter-schema.js';
import type { Fields, Schema } from './schema-dsl.js';

export type { LessonCompletion };

/** The completions at a 1-based line and column of a lesson.md's text. */
export function lessonCompletions(text: string, line: number, column: number): LessonCompletion[] {
  const lines = text.split('\n');
  const current = (lines[line - 1] ?? '').slice(0, column - 1);
  const place = whereIs(lines, line);
  if (place.in === 'frontmatter') {
    const present = keysIn(lines.slice(place.from, line - 1).concat(lines.slice(line, place.to)));
    return complete(current, FRONTMATTER_SCHEMA.fields, present);
  }
  if (place.in === 'check') {
    const valueOfCheck = /^\s*(?:-\s+)?check:\s*(\S*)$/.exec(current);
    if (valueOfCheck)
      return Object.entries(CHECK_KINDS).map(([kind, schema]) => ({
        label: kind,
        insertText: kind,
        detail: schema.description,
        kind: 'value',
      }));
    const item = checkItem(lines, place.from, line);
    const kind = item.kind ? CHECK_KINDS[item.kind as keyof typeof CHECK_KINDS] : undefined;
    if (!kind) return /^\s*(?:-\s+)?\w*$/.test(current) && !item.keys.has('check') ? [checkField()] : [];
    return complete(current, kind.fields, item.keys);
  }
  return [];
}

/** Completions for a line of a YAML mapping: a field not yet there, or the fixed values of the field being set. */
function complete(current: string, fields: Fields, present: ReadonlySet<string>): LessonCompletion[] {
  const value = /^\s*(?:-\s+)?(\w+):\s*(\S*)$/.exec(current);
  if (value) {
    const field = fields[value[1]!];
    return field ? valuesOf(field.schema) : [];
  }
  if (!/^\s*(?:-\s+)?\w*$/.test(current)) return [];
  return Object.entries(fields)
    .filter(([name]) => !present.has(name))
    .map(([name, field]) => ({
      label: name,
      insertText: `${name}: `,
      detail: `${field.optional ? '(optional) ' : ''}${field.schema.description}`,
      kind: 'field' as const,
    }));
}

function valuesOf(schema: Schema): LessonCompletion[] {
  if (schema.type === 'boolean')
    return ['true', 'false'].map((v) => ({ label: v, insertText: v, detail: schema.description, kind: 'value' }));
  if (schema.type === 'string' && schema.enum)
    return schema.enum.map((v) => ({ label: v, insertText: v, detail: schema.description, kind: 'value' }));
  return [];
}

const checkField = (): LessonCompletion => ({
  label: 'check',
  insertText: 'check: ',
  detail: 'what the check looks at (such as kubernetes.ready-pods)',
  kind: 'field',
});

type Place = { in: 'frontmatter' | 'check'; from: number; to: number } | { in: 'text' };

/** Is the 1-based line inside the frontmatter, a check block (0-based line range of its body), or elsewhere? */
function whereIs(lines: readonly string[], line: number): Place {
  const at = line - 1;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
    if (at > 0 && (end < 0 || at < end)) return { in: 'frontmatter', from: 1, to: end < 0 ? lines.length : end };
  }
  let fence: { start: number; check: boolean } | undefined;
  for (let i = 0; i < at; i++) {
    const opening = /^(`{3,}|~{3,})\s*(\S*)/.exec(lines[i]!);
    if (!opening) continue;
    if (fence) fence = undefined;
    else fence = { start: i, check: opening[2] === 'check' || opening[2] === 'requires' };
  }
  return fence?.check ? { in: 'check', from: fence.start + 1, to: at } : { in: 'text' };
}

/** The check (list item, or the block's one mapping) the line belongs to: its `check:` kind and the keys it has. */
function checkItem(lines: readonly string[], from: number, line: number): { kind?: string; keys: Set<string> } {
  const at = line - 1;
  let start = from;
  for (let i = at; i >= from; i--)
    if (/^\s*-\s/.test(lines[i]!)) {
      start = i;
      break;
    }
  let end = lines.length;
  for (let i = at + 1; i < lines.length; i++)
    if (/^\s*-\s/.test(lines[i]!) || /^(`{3,}|~{3,})/.test(lines[i]!)) {
      end = i;
      break;
    }
  const others = lines.slice(start, end).filter((_, i) => start + i !== at);
  const keys = keysIn(others);
  const kind = others.map((l) => /^\s*(?:-\s+)?check:\s*(\S+)/.exec(l)?.[1]).find(Boolean);
  return kind ? { kind, keys } : { keys };
}

function keysIn(lines: readonly string[]): Set<string> {
  return new Set(lines.flatMap((l) => /^\s*(?:-\s+)?(\w+):/.exec(l)?.[1] ?? []));
}
