/**
 * The API's write path between the REST handlers (and the in-process client) and the store: decoding checks,
 * admission-like rules (namespace exists and is not terminating), name generation, defaults, validation, status vs
 * spec updates, patches, scale, binding and deletion policy (graceful pods, propagation finalizers, namespaces).
 */
import type { Clock } from '../clock.js';
import {
  parseFieldSelector,
  parseLabelSelector,
  thaw,
  type KubeObject,
  type ObjectStore,
  type StoredObject,
} from '../store/index.js';
import { randomUuid } from '../store/uid.js';
import { ServiceAllocators } from './allocators.js';
import { CATALOG } from './catalog.js';
import { ApiError, badRequest, forbidden, invalid, type FieldError } from './errors.js';
import { generateName } from './names.js';
import { decodeWithSchema, DecodeError } from './openapi/decode.js';
import { definitionFor } from './openapi/schema.js';
import { applyJsonPatch } from './patch/json-patch.js';
import { applyMergePatch } from './patch/merge-patch.js';
import { applyStrategicMergePatch } from './patch/strategic-merge.js';
import { groupVersion, storeKey, type ResourceDef, type StrategyContext } from './resource-types.js';
import { formatLabelSelector } from './table/workload-printers.js';
import { validateObjectMeta } from './validation/metadata.js';

type Any = Record<string, unknown>;

export interface WriteOptions {
  /** `dryRun=All`: run every check, store nothing. */
  dryRun?: boolean;
  /** Accepted and ignored (no managedFields tracking). */
  fieldManager?: string;
}

export interface DeleteRequest extends WriteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface ListRequest {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export type PatchType = 'json' | 'merge' | 'strategic';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
};

export interface RegistryOptions {
  clock: Clock;
  /** Random source for generated names, cluster IPs and node ports. @default Math.random */
  random?: () => number;
}

const isObj = (v: unknown): v is Any => !!v && typeof v === 'object' && !Array.isArray(v);

export class Registry {
  readonly defs: readonly ResourceDef[] = CATALOG;
  private readonly allocators: ServiceAllocators;
  private readonly random: () => number;
  readonly clock: Clock;

  constructor(
    readonly store: ObjectStore,
    private readonly options: RegistryOptions,
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

  private readonly schemaNames = new Map<ResourceDef, string | undefined>();

  /** The OpenAPI definition a resource's bodies decode against (undefined: accepted as sent). */
  private schemaName(def: ResourceDef): string | undefined {
    if (!this.schemaNames.has(def)) this.schemaNames.set(def, definitionFor(def.group, def.version, def.kind));
    return this.schemaNames.get(def);
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
  filter(
    def: ResourceDef,
    req: ListRequest,
  ): {
    namespace?: string;
    labels?: ReturnType<typeof parseLabelSelector>;
    fields?: ReturnType<typeof parseFieldSelector>;
  } {
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

  /** Decode checks shared by create and update: a JSON object of the endpoint's kind. */
  private decode(def: ResourceDef, body: unknown, namespace: string | undefined): KubeObject {
    if (!isObj(body)) throw badRequest(`Object '${def.kind}' is missing in '${JSON.stringify(body)}'`);
    const gv = groupVersion(def);
    if (body.apiVersion !== undefined && body.apiVersion !== gv) {
      throw badRequest(
        `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${gv})`,
      );
    }
    if (body.kind !== undefined && body.kind !== def.kind) {
      throw badRequest(
        `${String(body.kind)} in version "${def.version}" cannot be handled as a ${def.kind}: no kind "${String(body.kind)}" is registered for version "${gv}" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"`,
      );
    }
    let obj: KubeObject;
    const schemaName = this.schemaName(def);
    try {
      obj = (schemaName ? decodeWithSchema(schemaName, body) : thaw(body)) as KubeObject;
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      throw badRequest(`${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: ${error.message}`);
    }
    if (obj.metadata !== undefined && !isObj(obj.metadata)) throw badRequest('metadata must be an object');
    obj.metadata = (obj.metadata ?? {}) as KubeObject['metadata'];
    obj.apiVersion = gv;
    obj.kind = def.kind;
    if (def.namespaced) {
      if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = namespace ?? obj.metadata.namespace;
    } else delete obj.metadata.namespace;
    return obj;
  }

  private checkNamespace(def: ResourceDef, namespace: string | undefined, name: string): void {
    if (!def.namespaced || !namespace) return;
    const ns = this.store.get('namespaces', undefined, namespace);
    if (!ns)
      throw new ApiError(404, 'NotFound', `namespaces "${namespace}" not found`, {
        name: namespace,
        kind: 'namespaces',
      });
    if (ns.metadata.deletionTimestamp || (ns.status as Any | undefined)?.phase === 'Terminating') {
      throw forbidden(
        storeKey(def),
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
  }

  private validate(def: ResourceDef, obj: KubeObject, old?: StoredObject): void {
    const errs: FieldError[] = [...validateObjectMeta(obj, def.namespaced, def.nameRule ?? 'subdomain')];
    if (old) {
      if (obj.metadata.name !== old.metadata.name) {
        errs.push({
          type: 'Invalid',
          field: 'metadata.name',
          value: JSON.stringify(obj.metadata.name),
          detail: 'field is immutable',
        });
      }
    }
    errs.push(...(def.validate?.(obj, this.ctx(old)) ?? []));
    if (errs.length) throw invalid(def.kind, def.group, obj.metadata.name ?? '', errs);
  }

  create(def: ResourceDef, namespace: string | undefined, body: unknown, opts: WriteOptions = {}): StoredObject {
    const obj = this.decode(def, body, namespace);
    const meta = obj.metadata;
    if (meta.resourceVersion) {
      throw badRequest('resourceVersion should not be set on objects to be created');
    }
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName, this.random);
    this.checkNamespace(def, meta.namespace, meta.name ?? '');
    for (const k of [
      'uid',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'generation',
      'selfLink',
      'managedFields',
    ]) {
      delete meta[k];
    }
    def.prepareForCreate?.(obj);
    // Jobs default their selector from the uid, so it is assigned before defaulting.
    meta.uid = randomUuid();
    def.defaults?.(obj, this.ctx());
    this.validate(def, obj);
    if (opts.dryRun) {
      return {
        ...obj,
        metadata: { ...meta, creationTimestamp: new Date(this.now()).toISOString().replace(/\.\d+Z$/, 'Z') },
      };
    }
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
    const obj = this.decode(def, body, namespace);
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
    if (!isObj(patched)) throw badRequest('the patch produced an invalid object');
    const obj = this.decode(def, patched, namespace);
    if (obj.metadata.name !== name) {
      throw invalid(def.kind, def.group, name, [
        {
          type: 'Invalid',
          field: 'metadata.name',
          value: JSON.stringify(obj.metadata.name ?? ''),
          detail: 'field is immutable',
        },
      ]);
    }
    // A resourceVersion in the patch is a precondition; otherwise the patch applies to what we just read.
    const patchRv = isObj(patch) && isObj(patch.metadata) ? patch.metadata.resourceVersion : undefined;
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
    if (key === 'namespaces') return this.deleteNamespace(old, req);
    const policy = req.propagationPolicy;
    const finalizer = policy === 'Foreground' ? 'foregroundDeletion' : policy === 'Orphan' ? 'orphan' : undefined;
    if (finalizer && !old.metadata.deletionTimestamp && !old.metadata.finalizers?.includes(finalizer)) {
      this.store.update(key, {
        ...old,
        metadata: { ...old.metadata, finalizers: [...(old.metadata.finalizers ?? []), finalizer] },
      } as KubeObject);
    }
    let grace = 0;
    if (key === 'pods') {
      const spec = (old.spec ?? {}) as Any;
      const phase = (old.status as Any | undefined)?.phase;
      const scheduled = typeof spec.nodeName === 'string' && spec.nodeName !== '';
      const terminal = phase === 'Succeeded' || phase === 'Failed';
      grace =
        scheduled && !terminal
          ? (req.gracePeriodSeconds ?? (spec.terminationGracePeriodSeconds as number | undefined) ?? 30)
          : 0;
    }
    const object = this.store.delete(key, namespace, name, {
      uid: req.preconditions?.uid,
      resourceVersion: req.preconditions?.resourceVersion,
      gracePeriodSeconds: grace,
    });
    const finished = this.store.get(key, namespace, name) === undefined;
    return { object, finished };
  }

  private deleteNamespace(old: StoredObject, req: DeleteRequest): { object: StoredObject; finished: boolean } {
    const name = old.metadata.name!;
    if (['default', 'kube-system', 'kube-public'].includes(name)) {
      throw forbidden('namespaces', name, `this namespace may not be deleted`);
    }
    let object = old;
    if (!old.metadata.deletionTimestamp) {
      object = this.store.delete('namespaces', undefined, name, { uid: req.preconditions?.uid, markOnly: true });
      object = this.store.update('namespaces', {
        ...object,
        status: { phase: 'Terminating' },
      } as KubeObject);
    }
    // The namespace controller empties it and then removes it (src/cluster/controllers/namespace-controller.ts).
    return { object, finished: false };
  }

  /** autoscaling/v1 Scale view of a deployment/replicaset/statefulset. */
  getScale(def: ResourceDef, namespace: string | undefined, name: string): Any {
    return toScale(this.get(def, namespace, name));
  }

  updateScale(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    scale: unknown,
    opts: WriteOptions = {},
  ): Any {
    const old = this.get(def, namespace, name);
    if (!isObj(scale)) throw badRequest('invalid Scale object');
    const replicas = (scale.spec as Any | undefined)?.replicas;
    if (typeof replicas !== 'number' || replicas < 0 || !Number.isInteger(replicas)) {
      throw invalid('Scale', 'autoscaling', name, [
        {
          type: 'Invalid',
          field: 'spec.replicas',
          value: String(replicas),
          detail: 'must be greater than or equal to 0',
        },
      ]);
    }
    const rv = (scale.metadata as Any | undefined)?.resourceVersion;
    const obj = thaw(old) as KubeObject;
    (obj.spec as Any).replicas = replicas;
    obj.metadata.resourceVersion = typeof rv === 'string' && rv ? rv : old.metadata.resourceVersion;
    const written = this.write(def, old, obj, opts);
    return toScale(written);
  }

  patchScale(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts: WriteOptions = {},
  ): Any {
    const current = this.getScale(def, namespace, name);
    const next = applyPatch(type, current, patch);
    return this.updateScale(def, namespace, name, next, opts);
  }

  /** POST pods/<name>/binding: what the scheduler does to place a pod. */
  bind(namespace: string, name: string, body: unknown): void {
    const target = isObj(body) && isObj(body.target) ? body.target : undefined;
    const node = target?.name;
    if (typeof node !== 'string' || !node) {
      throw invalid('Binding', '', name, [{ type: 'Required', field: 'target.name', detail: '' }]);
    }
    this.store.guaranteedUpdate('pods', namespace, name, (pod) => {
      const spec = (pod.spec ?? {}) as Any;
      if (spec.nodeName) {
        throw new ApiError(
          409,
          'Conflict',
          `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${String(spec.nodeName)}"`,
        );
      }
      if (pod.metadata.deletionTimestamp) {
        throw new ApiError(
          409,
          'Conflict',
          `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is being deleted, cannot be assigned to a host`,
        );
      }
      const next = thaw(pod) as KubeObject;
      (next.spec as Any).nodeName = node;
      const status = (next.status ??= {}) as Any;
      const conditions = ((status.conditions as Any[] | undefined) ?? []).filter((c) => c.type !== 'PodScheduled');
      conditions.push({
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: new Date(this.now()).toISOString().replace(/\.\d+Z$/, 'Z'),
      });
      status.conditions = conditions;
      return next;
    });
  }
}

function toScale(obj: StoredObject): Any {
  const spec = (obj.spec ?? {}) as Any;
  const status = (obj.status ?? {}) as Any;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: {
      replicas: (status.replicas as number | undefined) ?? 0,
      selector: formatLabelSelector(spec.selector).replace(/^<none>$/, ''),
    },
  };
}

export function applyPatch(type: PatchType, target: unknown, patch: unknown): unknown {
  switch (type) {
    case 'json':
      return applyJsonPatch(target, patch);
    case 'merge':
      if (!isObj(patch)) throw badRequest('json: cannot unmarshal array into Go value of type map[string]interface {}');
      return applyMergePatch(target, patch);
    case 'strategic':
      return applyStrategicMergePatch(target, patch);
  }
}
