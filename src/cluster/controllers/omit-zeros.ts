/** Upstream status fields are `omitempty`: zero counts are absent from the JSON, except the ones listed in `keep`. */
export function omitZeros<T extends object>(status: T, keep: readonly string[] = ['replicas']): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(status)) if (v !== 0 || keep.includes(k)) out[k] = v;
  return out as T;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
