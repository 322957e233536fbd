// Path rules of the workspace tree (paths relative to the workspace root, '/'-separated), shared by every store.

/** The parent folders of a path, nearest last: `a/b/c` -> `a`, `a/b`. */
export function ancestorsOf(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** Whether `path` lies below the folder `dir` (not `dir` itself; `app2` is not inside `app`). */
export function isInside(path: string, dir: string): boolean {
  return path.startsWith(`${dir}/`);
}

/**
 * Bounds of the keys below a folder, for a sorted key space (IndexedDB): `dir/` up to `dir/` followed by the
 * highest UTF-16 code unit. Paths with astral characters are surrogate pairs, which sort below it.
 */
export function insideBounds(dir: string): [string, string] {
  return [`${dir}/`, `${dir}/\uffff`];
}
