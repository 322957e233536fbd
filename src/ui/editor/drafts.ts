/**
 * Unsaved editor text, kept in localStorage per file so a reload (or a crash of the tab) does not lose it.
 * `base` is the file's text when editing began, to tell "still unsaved" from "saved elsewhere since".
 */
export interface Draft {
  text: string;
  base: string;
}

const key = (path: string) => `wharf:draft:${path}`;

export function loadDraft(path: string): Draft | undefined {
  try {
    const raw = localStorage.getItem(key(path));
    return raw ? (JSON.parse(raw) as Draft) : undefined;
  } catch {
    return undefined;
  }
}

export function saveDraft(path: string, draft: Draft): void {
  try {
    localStorage.setItem(key(path), JSON.stringify(draft));
  } catch {
    // quota exceeded: the edit still lives in the editor until saved
  }
}

export function clearDraft(path: string): void {
  localStorage.removeItem(key(path));
}
