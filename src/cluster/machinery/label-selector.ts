import { labelSelectorRequirements, matchLabels, StoreError } from '../store/index.js';
import type { LabelSelector } from '../objects/index.js';

/** Does a structured LabelSelector (matchLabels + matchExpressions) select these labels? Upstream semantics: an empty
 * selector selects everything, a missing one nothing (callers decide which they have). The matching itself is the
 * store's (one implementation for list selectors and controllers); an invalid operator selects nothing. */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  try {
    return matchLabels(labelSelectorRequirements(selector), labels ?? {});
  } catch (error) {
    if (error instanceof StoreError) return false;
    throw error;
  }
}

export function selectorIsEmpty(selector: LabelSelector | undefined): boolean {
  return (
    !!selector && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0
  );
}

/** The selector plus one more required label (upstream CloneSelectorAndAddLabel). */
export function selectorWithLabel(selector: LabelSelector, key: string, value: string): LabelSelector {
  return { ...selector, matchLabels: { ...(selector.matchLabels ?? {}), [key]: value } };
}
