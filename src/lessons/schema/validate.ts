import type { ObjectSchema, Schema } from './schema-dsl.js';

export type ValuePath = readonly (string | number)[];

/** One thing wrong with a value, located by its path; `at: 'key'` points at a field's name instead of its value. */
export interface SchemaIssue {
  path: ValuePath;
  at: 'value' | 'key';
  message: string;
}

/**
 * Names the object at `path` for messages, e.g. `check "pods-ready"` rather than `checks[2]`. Returns undefined
 * to fall back to the field's own name.
 */
export type SubjectNamer = (path: ValuePath, value: Record<string, unknown>) => string | undefined;

/**
 * Check `value` against `schema`, listing every issue (not just the first: an instructor fixes them all in one go).
 * Unknown fields are issues too, with the nearest known name suggested, since a typo there would otherwise silently
 * change what a check means.
 */
export function validate(value: unknown, schema: Schema, name: SubjectNamer = () => undefined): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  walk(value, schema, [], name, issues);
  return issues;
}

function walk(value: unknown, schema: Schema, path: ValuePath, name: SubjectNamer, issues: SchemaIssue[]): void {
  const field = fieldLabel(path);
  const wrong = (expected: string, hint = '') =>
    issues.push({ path, at: 'value', message: `${field} should be ${expected}, not ${show(value)}${hint}` });
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') {
        // YAML reads `tag: 1.22` or `port: 80` as numbers; where text is wanted, a plain scalar is fine.
        if (typeof value === 'number' && !schema.enum && !schema.pattern) return;
        return void wrong(`text (${schema.description})`);
      }
      if (schema.enum && !schema.enum.includes(value))
        return void wrong(`one of ${schema.enum.join(', ')}`, suggestion(value, schema.enum));
      if (schema.pattern && !schema.pattern.regex.test(value)) return void wrong(schema.pattern.means);
      return;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || (schema.type === 'integer' && !Number.isInteger(value)))
        return void wrong(`${schema.type === 'integer' ? 'a whole number' : 'a number'} (${schema.description})`);
      if (schema.min !== undefined && value < schema.min) return void wrong(`at least ${schema.min}`);
      if (schema.max !== undefined && value > schema.max) return void wrong(`at most ${schema.max}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrong(`true or false (${schema.description})`);
      return;
    case 'scalar':
      if (!['string', 'number', 'boolean'].includes(typeof value)) wrong(`a number, text or true/false`);
      return;
    case 'array':
      if (!Array.isArray(value)) return void wrong(`a list (${schema.description})`);
      value.forEach((item, index) => walk(item, schema.items, [...path, index], name, issues));
      return;
    case 'object':
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return void wrong(`a map of fields (${schema.description})`);
      return walkObject(value as Record<string, unknown>, schema, path, name, issues);
  }
}

function walkObject(
  value: Record<string, unknown>,
  schema: ObjectSchema,
  path: ValuePath,
  name: SubjectNamer,
  issues: SchemaIssue[],
): void {
  const subject = name(path, value) ?? (path.length ? fieldLabel(path) : 'this block');
  const known = Object.keys(schema.fields);
  for (const key of Object.keys(value)) {
    if (key in schema.fields) continue;
    issues.push({
      path: [...path, key],
      at: 'key',
      message: `${subject} has no field "${key}"${suggestion(key, known) || ` (it takes ${known.map((k) => `"${k}"`).join(', ')})`}`,
    });
  }
  for (const [key, field] of Object.entries(schema.fields)) {
    const present = value[key] !== undefined && value[key] !== null;
    if (!present && !field.optional) {
      issues.push({ path, at: 'value', message: `${subject} needs "${key}" (${field.schema.description})` });
    } else if (present) {
      walk(value[key], field.schema, [...path, key], name, issues);
    }
  }
  const given = (group: readonly string[]) => group.filter((k) => value[k] !== undefined && value[k] !== null);
  const names = (group: readonly string[]) => group.map((k) => `"${k}"`).join(' or ');
  for (const group of schema.oneOf ?? []) {
    const count = given(group).length;
    if (count === 0) issues.push({ path, at: 'value', message: `${subject} needs one of ${names(group)}` });
    if (count > 1) issues.push({ path, at: 'value', message: `${subject} takes only one of ${names(group)}` });
  }
  for (const group of schema.anyOf ?? []) {
    if (given(group).length === 0)
      issues.push({ path, at: 'value', message: `${subject} needs at least one of ${names(group)}` });
  }
}

function fieldLabel(path: ValuePath): string {
  const last = [...path].reverse().find((p) => typeof p === 'string');
  const index = path[path.length - 1];
  if (typeof index === 'number') return `item ${index + 1} of "${String(last ?? 'the list')}"`;
  return `"${String(last ?? 'the value')}"`;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return JSON.stringify(value);
}

/** `; did you mean "selector"?` when a known name is a small typo away, else ''. */
export function suggestion(word: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3))
    ? `; did you mean "${best}"?`
    : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(above + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
