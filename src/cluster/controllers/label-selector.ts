import type { LabelSelector } from './types.js';

/** Does a structured LabelSelector (matchLabels + matchExpressions) select these labels? Upstream semantics: an empty
 * selector selects everything, a missing one nothing (callers decide which they have). */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (have[key] !== value) return false;
  for (const req of selector.matchExpressions ?? []) {
    const present = Object.prototype.hasOwnProperty.call(have, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!present || !values.includes(have[req.key]!)) return false;
        break;
      case 'NotIn':
        if (present && values.includes(have[req.key]!)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
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
