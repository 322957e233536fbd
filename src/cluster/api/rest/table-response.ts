/** Answering with a server-side Table when kubectl asks for one (`Accept: ...;as=Table;g=meta.k8s.io;v=v1`). */
import type { HttpRequest } from '../../../http/index.js';
import type { StoredObject } from '../../store/index.js';
import { wantsTable } from '../content.js';
import type { ResourceDef } from '../resource-types.js';
import { toTable } from '../table/table.js';

/** The Table for these objects, or undefined when the client did not ask for one (or the resource has no columns). */
export function tableFor(
  req: HttpRequest,
  def: ResourceDef,
  items: readonly StoredObject[],
  meta: Parameters<typeof toTable>[2],
  now: number,
): unknown {
  const version = def.columns.length ? wantsTable(req) : undefined;
  if (!version) return undefined;
  const includeObject = (req.query.get('includeObject') ?? 'Metadata') as 'None' | 'Metadata' | 'Object';
  const table = toTable(def, items, meta, now, { includeObject });
  if (version === 'v1beta1') (table as { apiVersion: string }).apiVersion = 'meta.k8s.io/v1beta1';
  return table;
}
