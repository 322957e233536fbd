/** Parsing a list or watch request's selectors, refusing field selectors the real server has no field label for. */
import { parseFieldSelector, parseLabelSelector, type ListFilter } from '../store/index.js';
import { badRequest } from './errors.js';
import type { ListRequest } from './requests.js';
import type { ResourceDef } from './resource-types.js';

export function listFilter(def: ResourceDef, req: ListRequest): ListFilter {
  const fields = req.fieldSelector ? parseFieldSelector(req.fieldSelector) : undefined;
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...(def.fieldSelectors ?? [])]);
  for (const f of fields ?? []) {
    if (!allowed.has(f.field)) {
      // Resources with their own field label conversion say it differently from the generic default.
      throw badRequest(
        def.fieldSelectors
          ? `field label not supported: ${f.field}`
          : `"${f.field}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
      );
    }
  }
  return {
    namespace: def.namespaced ? req.namespace : undefined,
    labels: req.labelSelector ? parseLabelSelector(req.labelSelector) : undefined,
    fields,
  };
}
