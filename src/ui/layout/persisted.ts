/** Small UI state kept in localStorage (layout, theme, open files, terminal tabs). Bad or old JSON falls back. */
export function loadPersisted<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(`wharf:${key}`);
    return raw === null ? fallback : { ...fallback, ...(JSON.parse(raw) as T) };
  } catch {
    return fallback;
  }
}

export function savePersisted(key: string, value: unknown): void {
  try {
    localStorage.setItem(`wharf:${key}`, JSON.stringify(value));
  } catch {
    // storage full or disabled (private mode): the session still works, it just won't be restored
  }
}
