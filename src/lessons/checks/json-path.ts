/**
 * The small JSON path lessons use to name a field: `spec.replicas`, `spec.template.spec.containers[0].image`,
 * `metadata.labels.app`. A leading `.` or kubectl's `{...}` braces are accepted, so `{.spec.replicas}` copied from
 * `kubectl get -o jsonpath` works too.
 */
export function readPath(value: unknown, path: string): unknown {
  const parts = path
    .trim()
    .replace(/^\{(.*)\}$/, '$1')
    .replace(/^\./, '')
    .split(/\.|\[(\d+)\]/)
    .filter((p) => p !== undefined && p !== '');
  let current = value;
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(part)] : (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A field's value as the learner would read it in a message. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Lessons compare scalars loosely: YAML's `3` and a stored "3" (or `true` and "true") are the same answer. */
export function sameScalar(actual: unknown, expected: string | number | boolean): boolean {
  return (
    (typeof actual === 'string' || typeof actual === 'number' || typeof actual === 'boolean') &&
    String(actual) === String(expected)
  );
}
