import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readLessonFolder } from '../lesson-folder.node.js';
import { scanMarkdown } from '../markdown-blocks.js';
import { CHECK_KIND_NAMES } from './check-kinds.js';
import {
  checkBlockJsonSchema,
  checkJsonSchema,
  frontmatterJsonSchema,
  lessonJsonSchema,
  toJsonSchema,
} from './json-schema.js';
import { integer, list, object, oneOfText, optional, required, scalar, text } from './schema-dsl.js';

const LESSONS = fileURLToPath(new URL('../../../lessons', import.meta.url));

/** Every lesson's frontmatter and check blocks, parsed. */
async function courseLessons(): Promise<{ frontmatters: unknown[]; blocks: unknown[] }> {
  const files = await readLessonFolder(LESSONS);
  const frontmatters: unknown[] = [];
  const blocks: unknown[] = [];
  for (const [path, text] of Object.entries(files)) {
    if (!path.endsWith('/lesson.md')) continue;
    const lines = text.split('\n');
    const close = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
    frontmatters.push(parse(lines.slice(1, close).join('\n')));
    for (const block of scanMarkdown(lines.slice(close + 1), close + 2).blocks)
      if (block.type === 'fence' && (block.lang === 'check' || block.lang === 'requires'))
        blocks.push(parse(block.content));
  }
  return { frontmatters, blocks };
}

const ajv = () => new Ajv({ allErrors: true, allowUnionTypes: true });

describe('toJsonSchema', () => {
  it('maps each builder of the DSL to its JSON Schema', () => {
    expect(toJsonSchema(text('a name'))).toEqual({ type: ['string', 'number'], description: 'a name' });
    expect(toJsonSchema(oneOfText('a level', ['low', 'high'] as const))).toEqual({
      type: 'string',
      description: 'a level',
      enum: ['low', 'high'],
    });
    expect(toJsonSchema(text('an id', { pattern: { regex: /^[a-z]+$/, means: 'letters' } }))).toEqual({
      type: 'string',
      description: 'an id',
      pattern: '^[a-z]+$',
    });
    expect(toJsonSchema(integer('a port', { min: 1, max: 9 }))).toEqual({
      type: 'integer',
      description: 'a port',
      minimum: 1,
      maximum: 9,
    });
    expect(toJsonSchema(scalar('a value'))).toEqual({ type: ['string', 'number', 'boolean'], description: 'a value' });
    expect(toJsonSchema(list('names', text('a name')))).toEqual({
      type: 'array',
      description: 'names',
      items: { type: ['string', 'number'], description: 'a name' },
    });
  });

  it('makes an object closed, with its required fields and its oneOf/anyOf groups', () => {
    const schema = object(
      'a thing',
      { a: required(text('a')), b: optional(integer('b')), c: optional(integer('c')), d: optional(text('d')) },
      { oneOf: [['b', 'c']], anyOf: [['a', 'd']] },
    );
    expect(toJsonSchema(schema)).toMatchObject({
      type: 'object',
      required: ['a'],
      additionalProperties: false,
      allOf: [
        { oneOf: [{ required: ['b'] }, { required: ['c'] }] },
        { anyOf: [{ required: ['a'] }, { required: ['d'] }] },
      ],
    });
    expect(Object.keys(toJsonSchema(schema)['properties'] as object)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('gives a check one branch per kind, discriminated by "check"', () => {
    const branches = checkJsonSchema()['oneOf'] as { properties: { check: { const: string } } }[];
    expect(branches.map((b) => b.properties.check.const)).toEqual(CHECK_KIND_NAMES);
  });
});

describe('the generated JSON Schema', () => {
  it('accepts the frontmatter and every check block of the course', async () => {
    const { frontmatters, blocks } = await courseLessons();
    expect(frontmatters.length).toBeGreaterThanOrEqual(14);
    expect(blocks.length).toBeGreaterThan(10);
    const frontmatter = ajv().compile(frontmatterJsonSchema());
    for (const value of frontmatters) expect(frontmatter(value), JSON.stringify(frontmatter.errors)).toBe(true);
    const checkBlock = ajv().compile(checkBlockJsonSchema());
    for (const value of blocks) expect(checkBlock(value), JSON.stringify(checkBlock.errors)).toBe(true);
  });

  it('rejects a typo’d check kind, a typo’d field, a missing or doubled oneOf, a bad id and a bad frontmatter', () => {
    const checkBlock = ajv().compile(checkBlockJsonSchema());
    const ready = { id: 'pods', check: 'kubernetes.ready-pods', selector: 'app=nginx', exactly: 3 };
    expect(checkBlock([ready])).toBe(true);
    expect(checkBlock(ready)).toBe(true);
    expect(checkBlock([{ ...ready, check: 'kubernetes.readypods' }])).toBe(false);
    expect(checkBlock([{ id: 'pods', check: 'kubernetes.ready-pods', selctor: 'app=nginx', exactly: 3 }])).toBe(false);
    expect(checkBlock([{ id: 'pods', check: 'kubernetes.ready-pods', selector: 'app=nginx' }])).toBe(false);
    expect(checkBlock([{ ...ready, atLeast: 1 }])).toBe(false);
    expect(checkBlock([{ ...ready, id: 'Pods Ready' }])).toBe(false);
    expect(checkBlock([{ id: 'c', check: 'docker.container', state: 'runing', name: 'web' }])).toBe(false);
    expect(checkBlock([{ id: 'c', check: 'docker.container', state: 'running' }])).toBe(false);
    const frontmatter = ajv().compile(frontmatterJsonSchema());
    const meta = { title: 'T', summary: 'S', level: 'beginner', minutes: 10, needsKubernetes: false };
    expect(frontmatter(meta)).toBe(true);
    expect(frontmatter({ ...meta, level: 'beginer' })).toBe(false);
    expect(frontmatter({ ...meta, minutes: 0 })).toBe(false);
    expect(frontmatter({ ...meta, needsKubernetes: undefined })).toBe(false);
  });

  it('holds both in one file for editors, under definitions', () => {
    const validator = ajv();
    validator.addSchema(lessonJsonSchema(), 'lesson.json');
    const checkBlock = validator.getSchema('lesson.json#/definitions/checkBlock');
    const frontmatter = validator.getSchema('lesson.json#/definitions/frontmatter');
    expect(checkBlock?.([{ id: 'web', check: 'docker.container', name: 'web' }])).toBe(true);
    expect(checkBlock?.([{ id: 'web', check: 'docker.containr', name: 'web' }])).toBe(false);
    expect(frontmatter?.({ title: 'T' })).toBe(false);
  });
});
