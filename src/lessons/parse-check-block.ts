import type { LessonError } from './lesson-error.js';
import { CHECK_KIND_NAMES, CHECK_KINDS, type CheckKindName, type CheckSpec } from './schema/check-kinds.js';
import { suggestion, validate, type ValuePath } from './schema/validate.js';
import { issueToError, parseYamlBlock, type YamlBlockSource } from './schema/yaml-block.js';

/** A check as declared, with where its declaration starts (for "declared twice" and hint errors). */
export interface DeclaredCheck {
  spec: CheckSpec;
  line: number;
  column: number;
}

/**
 * A ```check (or ```requires) block: YAML holding one check or a list of them. Each is validated against the schema
 * of its own kind, so the errors speak of that kind's fields.
 */
export function parseCheckBlock(source: YamlBlockSource): { checks: DeclaredCheck[]; errors: LessonError[] } {
  const block = parseYamlBlock(source);
  if (block.errors.length) return { checks: [], errors: block.errors };
  const error = (path: ValuePath, message: string, at: 'value' | 'key' = 'value'): LessonError => ({
    file: source.file,
    ...block.locate(path, at),
    message,
  });
  const items: [ValuePath, unknown][] = Array.isArray(block.value)
    ? block.value.map((item, index) => [[index], item])
    : [[[], block.value]];
  if (block.value === null || block.value === undefined)
    return { checks: [], errors: [error([], 'this check block is empty: write one check, or a list of them')] };
  const checks: DeclaredCheck[] = [];
  const errors: LessonError[] = [];
  items.forEach(([path, item], index) => {
    const place = items.length > 1 ? `check ${index + 1} of this block` : 'this check';
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.push(error(path, `${place} should be a map of fields (id, check, ...), not ${JSON.stringify(item)}`));
      return;
    }
    const fields = item as Record<string, unknown>;
    const subject = typeof fields['id'] === 'string' ? `check "${fields['id']}"` : place;
    const kind = fields['check'];
    if (kind === undefined) {
      errors.push(error(path, `${subject} needs "check" (what it looks at, one of ${CHECK_KIND_NAMES.join(', ')})`));
      return;
    }
    if (typeof kind !== 'string' || !(kind in CHECK_KINDS)) {
      const hint = typeof kind === 'string' ? suggestion(kind, CHECK_KIND_NAMES) : '';
      errors.push(
        error(
          [...path, 'check'],
          `${subject} has an unknown kind ${JSON.stringify(kind)}${hint || ` (kinds: ${CHECK_KIND_NAMES.join(', ')})`}`,
        ),
      );
      return;
    }
    const issues = validate(item, CHECK_KINDS[kind as CheckKindName], () => subject);
    if (issues.length) {
      errors.push(
        ...issues.map((issue) => issueToError(source.file, block, { ...issue, path: [...path, ...issue.path] })),
      );
      return;
    }
    // Validated against its kind's schema just above: the one place the YAML's shape becomes a typed check.
    checks.push({ spec: item as CheckSpec, ...block.locate(path) });
  });
  return { checks, errors };
}
