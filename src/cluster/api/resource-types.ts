import type { StoredObject } from '../store/index.js';
import type { KubeObject } from '../objects/index.js';
import type { FieldError } from './errors.js';
import type { TableColumn } from './table/table-types.js';

/** A subresource as discovery lists it (`deployments/scale`, `pods/log`). */
export interface SubresourceDef {
  name: string;
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
}

/** Context for defaulting/validation: the store (for look-ups like "is this clusterIP taken") and the old object. */
export interface StrategyContext {
  old?: StoredObject;
  /** Allocators and look-ups the service strategy needs. */
  allocateClusterIP(): string;
  allocateNodePort(): number;
  isClusterIPTaken(ip: string): boolean;
  isNodePortTaken(port: number): boolean;
}

/**
 * Everything the API server knows about one served resource: discovery facts, how to print it as a Table, and its
 * strategy (defaults, validation, what create/update may touch). One entry per resource in catalog.ts.
 */
export interface ResourceDef {
  group: string;
  version: string;
  /** Plural REST name. */
  resource: string;
  kind: string;
  /** Lower-case kind (discovery's singularName is "" in 1.20; kubectl derives it). */
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
  subresources?: SubresourceDef[];
  /** `metadata.generation` bumps on spec changes. */
  generation?: boolean;
  /** Has a `/status` subresource: the main endpoint keeps the old status, `/status` keeps the old spec. */
  statusSubresource?: boolean;
  /** Field selectors beyond metadata.name/namespace that the real server accepts. */
  fieldSelectors?: string[];
  columns: TableColumn[];
  /** Cells of one table row (without the object). */
  row(obj: StoredObject, now: number): unknown[];
  /** Set server defaults in place (create and update). */
  defaults?(obj: KubeObject, ctx: StrategyContext): void;
  /** Reset what a create may not set (status) in place. */
  prepareForCreate?(obj: KubeObject): void;
  validate?(obj: KubeObject, ctx: StrategyContext): FieldError[];
  /**
   * A review (SelfSubjectAccessReview): a create is answered with the object and its status from `prepareForCreate`,
   * and nothing is stored or named, as upstream's review endpoints do.
   */
  review?: boolean;
  /** Name validation flavour. @default 'subdomain' */
  nameRule?: 'subdomain' | 'label' | 'dns1035' | 'path';
}

/** `deployments.apps` / `pods`: the store's key for a resource. */
export function storeKey(def: Pick<ResourceDef, 'resource' | 'group'>): string {
  return def.group ? `${def.resource}.${def.group}` : def.resource;
}

export function groupVersion(def: Pick<ResourceDef, 'group' | 'version'>): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}
