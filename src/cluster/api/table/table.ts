import type { StoredObject } from '../../store/index.js';
import type { ResourceDef } from '../resource-types.js';

/** `meta.k8s.io/v1` Table, as kubectl's `get` asks for with `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. */
export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: ResourceDef['columns'];
  rows: { cells: unknown[]; object: unknown }[];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** The row's `object`: PartialObjectMetadata by default (kubectl reads namespace and labels from it). */
function rowObject(obj: StoredObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: obj.metadata,
  };
}

export function toTable(
  def: ResourceDef,
  items: readonly StoredObject[],
  meta: Table['metadata'],
  now: number,
  options: { includeObject?: IncludeObject; noHeaders?: boolean } = {},
): Table {
  const include = options.includeObject ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: meta,
    columnDefinitions: options.noHeaders ? (undefined as unknown as Table['columnDefinitions']) : def.columns,
    rows: items.map((obj) => ({ cells: def.row(obj, now), object: rowObject(obj, include) })),
  };
}
