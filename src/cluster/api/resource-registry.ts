/**
 * The API's write path between the REST handlers (and the in-process client) and the store: admission-like rules
 * (namespace exists and is not terminating), name generation, the resource's strategy (defaults, validation, what
 * create and update may touch), status vs spec updates, patches, scale, binding and deletion policy. The pieces with
 * their own rules live beside it: `decode-body.ts`, `list-filter.ts`, `scale-subresource.ts`, `pod-binding.ts`,
 * `delete-policy.ts`, `patch/apply-patch.ts`.
 */
import { rfc3339, type Clock } from '../clock.js';
import type { JsonObject, KubeObject } from '../objects/index.js';
import { thaw, type ListFilter, type ObjectStore, type StoredObject } from '../store/index.js';
import { randomUuid } from '../store/uid.js';
import { ServiceAllocators } from './allocators.js';
import { CATALOG } from './catalog.js';
import { decodeBody } from './decode-body.js';
import { deleteNamespace, podGracePeriod, propagationFinalizer } from './delete-policy.js';
import { ApiError, badRequest, forbidden, invalid, type FieldError } from './errors.js';
import { listFilter } from './list-filter.js';
import { generateName } from '../objects/generated-names.js';
import { applyPatch, type PatchType } from './patch/apply-patch.js';
import { bindPod } from './pod-binding.js';
import type { DeleteRequest, ListRequest, WriteOptions } from './requests.js';
import { storeKey, type ResourceDef, type StrategyContext } from './resource-types.js';
import { toScale, withScaledReplicas } from './scale-subresource.js';
import { validateObjectMeta } from './validation/metadata.js';

export interface ResourceRegistryOptions {
  clock: Clock;
  /** Random source for generated names, cluster IPs and node ports. @default Math.random */
  random?: () => number;
}

/** Metadata only the server sets: whatever a create sends here is dropped. */
const SERVER_OWNED_METADATA = [
  'uid',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generation',
  'selfLink',
  'managedFields',
];

const immutableName = (name: unknown): FieldError => ({
  type: 'Invalid',
  field: 'metadata.name',
  value: JSON.stringify(name ?? ''),
  detail: 'field is immutable',
});

/**
 * The served resources and the write path to the store: what upstream's `pkg/registry` does for each resource (not
 * to be confused with the container image registry in `src/registry/`).
 */
export class ResourceRegistry {
  readonly defs: readonly ResourceDef[] = CATALOG;
  private readonly allocators: ServiceAllocators;
  private readonly random: () => number;
  readonly clock: Clock;

  constructor(
    readonly store: ObjectStore,
    private readonly options: ResourceRegistryOptions,
  ) {
    this.clock = options.clock;
    this.random = options.random ?? Math.random;
    this.allocators = new ServiceAllocators(store, this.random);
    for (const def of this.defs) {
      store.register({ resource: storeKey(def), namespaced: def.namespaced, generation: def.generation });
    }
  }

  now(): number {
    return this.options.clock.now();
  }

  /** The definition for a group/version/resource, or undefined. */
  find(group: string, version: string, resource: string): ResourceDef | undefined {
    return this.defs.find((d) => d.group === group && d.version === version && d.resource === resource);
  }

  /** By store key (`pods`, `deployments.apps`). */
  byKey(key: string): ResourceDef {
    const def = this.defs.find((d) => storeKey(d) === key);
    if (!def) throw new ApiError(404, 'NotFound', `the server could not find the requested resource (${key})`);
    return def;
  }

  private ctx(old?: StoredObject): StrategyContext {
    return {
      old,
      allocateClusterIP: () => this.allocators.allocateClusterIP(),
      allocateNodePort: () => this.allocators.allocateNodePort(),
      isClusterIPTaken: (ip) => this.allocators.isClusterIPTaken(ip),
      isNodePortTaken: (p) => this.allocators.isNodePortTaken(p),
    };
  }

  get(def: ResourceDef, namespace: string | undefined, name: string): StoredObject {
    return this.store.mustGet(storeKey(def), namespace, name);
  }

  list(def: ResourceDef, req: ListRequest): { items: StoredObject[]; resourceVersion: string } {
    return this.store.list(storeKey(def), this.filter(def, req));
  }

  /** Parse selectors, rejecting field selectors the real server does not support for this resource. */
  filter(def: ResourceDef, req: ListRequest): ListFilter {
    return listFilter(def, req);
  }

  private checkNamespace(def: ResourceDef, namespace: string | undefined, name: string): void {
    if (!def.namespaced || !namespace) return;
    const ns = this.store.get('namespaces', undefined, namespace);
    if (!ns)
      throw new ApiError(404, 'NotFound', `namespaces "${namespace}" not found`, {
        name: namespace,
        kind: 'namespaces',
      });
    if (ns.metadata.deletionTimestamp || (ns.status as JsonObject | undefined)?.phase === 'Terminating') {
      throw forbidden(
        storeKey(def),
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
  }

  private validate(def: ResourceDef, obj: KubeObject, old?: StoredObject): void {
    const errs: FieldError[] = [...validateObjectMeta(obj, def.namespaced, def.nameRule ?? 'subdomain')];
    if (old && obj.metadata.name !== old.metadata.name) errs.push(immutableName(obj.metadata.name));
    errs.push(...(def.validate?.(obj, this.ctx(old)) ?? []));
    if (errs.length) throw invalid(def.kind, def.group, obj.metadata.name ?? '', errs);
  }

  create(def: ResourceDef, namespace: string | undefined, body: unknown, opts: WriteOptions = {}): StoredObject {
    const obj = decodeBody(def, body, namespace);
    if (def.review) {
      def.prepareForCreate?.(obj);
      return obj as StoredObject;
    }
    const meta = obj.metadata;
    if (meta.resourceVersion) {
      throw badRequest('resourceVersion should not be set on objects to be created');
    }
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName, this.random);
    this.checkNamespace(def, meta.namespace, meta.name ?? '');
    for (const k of SERVER_OWNED_METADATA) delete meta[k];
    def.prepareForCreate?.(obj);
    // Jobs default their selector from the uid, so it is assigned before defaulting.
    meta.uid = randomUuid();
    def.defaults?.(obj, this.ctx());
    this.validate(def, obj);
    if (opts.dryRun) return { ...obj, metadata: { ...meta, creationTimestamp: rfc3339(this.now()) } };
    return this.store.create(storeKey(def), obj);
  }

  /** PUT: the whole object. On the main resource the status is kept; on `/status` the spec is kept. */
  update(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    body: unknown,
    opts: WriteOptions = {},
    subresource?: 'status',
  ): StoredObject {
    const obj = decodeBody(def, body, namespace);
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    obj.metadata.name = name;
    const old = this.get(def, namespace, name);
    return this.write(def, old, obj, opts, subresource);
  }

  private write(
    def: ResourceDef,
    old: StoredObject,
    obj: KubeObject,
    opts: WriteOptions,
    subresource?: 'status',
  ): StoredObject {
    if (subresource === 'status') {
      // Status writers (controllers, kubelet) cannot change the spec; they may update labels and annotations.
      const next = { ...thaw(old), status: obj.status } as KubeObject;
      next.metadata = {
        ...next.metadata,
        labels: obj.metadata.labels,
        annotations: obj.metadata.annotations,
        resourceVersion: obj.metadata.resourceVersion,
      };
      if (next.status === undefined) delete next.status;
      obj = next;
    } else if (def.statusSubresource) {
      if (old.status === undefined) delete obj.status;
      else obj.status = thaw(old.status);
    }
    // Server-owned metadata comes from the stored object.
    obj.metadata.uid = old.metadata.uid;
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    def.defaults?.(obj, this.ctx(old));
    this.validate(def, obj, old);
    if (opts.dryRun) return obj as StoredObject;
    return this.store.update(storeKey(def), obj);
  }

  patch(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts: WriteOptions = {},
    subresource?: 'status',
  ): StoredObject {
    const old = this.get(def, namespace, name);
    const patched = applyPatch(type, thaw(old), patch);
    if (!patched || typeof patched !== 'object' || Array.isArray(patched)) {
      throw badRequest('the patch produced an invalid object');
    }
    const obj = decodeBody(def, patched, namespace);
    if (obj.metadata.name !== name) throw invalid(def.kind, def.group, name, [immutableName(obj.metadata.name)]);
    // A resourceVersion in the patch is a precondition; otherwise the patch applies to what we just read.
    const patchMeta = (patch as JsonObject | null)?.metadata as JsonObject | undefined;
    const patchRv = Array.isArray(patch) ? undefined : patchMeta?.resourceVersion;
    obj.metadata.resourceVersion = typeof patchRv === 'string' ? patchRv : old.metadata.resourceVersion;
    return this.write(def, old, obj, opts, subresource);
  }

  delete(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    req: DeleteRequest = {},
  ): { object: StoredObject; finished: boolean } {
    const key = storeKey(def);
    const old = this.get(def, namespace, name);
    if (req.dryRun) return { object: old, finished: false };
    if (key === 'namespaces') return deleteNamespace(this.store, old, req);
    const finalizer = propagationFinalizer(req.propagationPolicy);
    if (finalizer && !old.metadata.deletionTimestamp && !old.metadata.finalizers?.includes(finalizer)) {
      this.store.update(key, {
        ...old,
        metadata: { ...old.metadata, finalizers: [...(old.metadata.finalizers ?? []), finalizer] },
      } as KubeObject);
    }
    const object = this.store.delete(key, namespace, name, {
      uid: req.preconditions?.uid,
      resourceVersion: req.preconditions?.resourceVersion,
      gracePeriodSeconds: key === 'pods' ? podGracePeriod(old, req) : 0,
    });
    const finished = this.store.get(key, namespace, name) === undefined;
    return { object, finished };
  }

  /** autoscaling/v1 Scale view of a deployment/replicaset/statefulset. */
  getScale(def: ResourceDef, namespace: string | undefined, name: string): JsonObject {
    return toScale(this.get(def, namespace, name));
  }

  updateScale(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    scale: unknown,
    opts: WriteOptions = {},
  ): JsonObject {
    const old = this.get(def, namespace, name);
    return toScale(this.write(def, old, withScaledReplicas(old, scale), opts));
  }

  patchScale(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts: WriteOptions = {},
  ): JsonObject {
    const next = applyPatch(type, this.getScale(def, namespace, name), patch);
    return this.updateScale(def, namespace, name, next, opts);
  }

  /** POST pods/<name>/binding: what the scheduler does to place a pod. */
  bind(namespace: string, name: string, body: unknown): void {
    bindPod(this.store, namespace, name, body, this.now());
  }
}
