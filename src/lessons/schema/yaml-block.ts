import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { LessonError } from '../lesson-error.js';
import { validate, type SchemaIssue, type SubjectNamer, type ValuePath } from './validate.js';
import type { Schema } from './schema-dsl.js';

/** A YAML text that sits inside a file (the frontmatter, a ```check block) at a known line. */
export interface YamlBlockSource {
  file: string;
  text: string;
  /** The file's 1-based line of the text's first line. */
  firstLine: number;
}

export interface ParsedYamlBlock {
  value: unknown;
  errors: LessonError[];
  /** Where a path's value (or, with `at: 'key'`, its field name) is in the file. */
  locate(path: ValuePath, at?: 'value' | 'key'): { line: number; column: number };
}

/** Parse YAML keeping positions, so a schema issue deep inside a block still points at its line and column. */
export function parseYamlBlock(source: YamlBlockSource): ParsedYamlBlock {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: source.firstLine + line - 1, column: col };
  };
  const errors: LessonError[] = doc.errors.map((error) => ({
    file: source.file,
    ...position(error.pos[0]),
    message: `this YAML does not parse: ${error.message.split('\n')[0]}`,
  }));
  let value: unknown;
  if (!errors.length) {
    try {
      // A lesson is untrusted: aliases that expand beyond yaml's limit (a "billion laughs" block) throw here.
      value = doc.toJS();
    } catch (error) {
      errors.push({
        file: source.file,
        ...position(0),
        message: `this YAML does not parse: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      });
    }
  }
  return {
    value,
    errors,
    locate: (path, at = 'value') => position(offsetOf(doc, path, at)),
  };
}

function offsetOf(doc: Document, path: ValuePath, at: 'value' | 'key'): number {
  if (at === 'key' && path.length > 0) {
    const parent = doc.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      const key = path[path.length - 1];
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
    }
  }
  // The value's node, or the nearest enclosing node that exists (a missing field points at its parent).
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return range[0];
  }
  return 0;
}

/** Parse and validate a block against a schema: `value` is set only when there were no errors. */
export function readYamlBlock(
  source: YamlBlockSource,
  schema: Schema,
  name?: SubjectNamer,
): { value: unknown; errors: LessonError[]; block: ParsedYamlBlock } {
  const block = parseYamlBlock(source);
  if (block.errors.length) return { value: undefined, errors: block.errors, block };
  const errors = validate(block.value, schema, name).map((issue) => issueToError(source.file, block, issue));
  return { value: errors.length ? undefined : block.value, errors, block };
}

export function issueToError(file: string, block: ParsedYamlBlock, issue: SchemaIssue): LessonError {
  return { file, ...block.locate(issue.path, issue.at), message: issue.message };
}
