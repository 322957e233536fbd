/**
 * How deeply nested a JSON value may be. Go's decoder stops at 10,000 levels; Wharf's object handling (decoding,
 * patches, copies, printers) walks objects recursively, so it stops much earlier, at a depth no Kubernetes object
 * comes near (a pod template's deepest fields are about 15 levels down). Checked when a body is read and again when
 * an object is written (patches can add levels), so a stored object can always be read back, listed and printed.
 */
export const MAX_NESTING_DEPTH = 100;

/** True when `value` has objects or lists nested more than `max` levels deep. Iterative, so any depth is safe. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
    }
  }
  return false;
}

/** The error text for a value nested too deeply (Go's decoder says `exceeded max depth`). */
export const tooDeepMessage = (): string =>
  `exceeded max depth: objects and lists may be nested at most ${MAX_NESTING_DEPTH} levels deep`;
