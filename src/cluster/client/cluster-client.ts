/**
 * The typed in-process client: the operations kubectl has, against the API's resource registry without HTTP or a JSON
 * round trip, with the same defaults, validation and errors (`ApiError`, whose `toStatus()` is what kubectl would
 * have printed). `createControlPlane()` exposes one as `client` and the stack hands it out as `cluster`, for the
 * planned lesson checks and cluster view; today only the API server's tests and `bench/apiserver.bench.ts` call it.
 *
 *   const pods = client.resource<Pod>('pods');
 *   const list = pods.list({ namespace: 'default', labelSelector: 'app=web' });
 *   const stop = pods.watch({ namespace: 'default' }, (e) => ...);
 *   await pods.patch('default', 'web', 'merge', { metadata: { labels: { a: 'b' } } });
 */
import type { Disposable } from '../../protocol/byte-stream.js';
import type { PatchType } from '../api/patch/apply-patch.js';
import type { ResourceRegistry } from '../api/resource-registry.js';
import type { DeleteRequest, ListRequest, WriteOptions } from '../api/requests.js';
import { storeKey, type ResourceDef } from '../api/resource-types.js';
import { ApiError, toApiError } from '../api/errors.js';
import type { KubeObject, WatchEvent } from '../objects/index.js';
import type { StoredObject } from '../store/index.js';

export type { ApiError };

export interface ClientWatchOptions extends ListRequest {
  /** Replay from this version; absent: current state as ADDED first. */
  resourceVersion?: string;
}

/** Run `fn`, turning every failure into an ApiError (Status-shaped). */
function call<R>(fn: () => R): R {
  try {
    return fn();
  } catch (error) {
    throw toApiError(error);
  }
}

export class ResourceClient<T extends KubeObject = KubeObject> {
  constructor(
    private readonly registry: ResourceRegistry,
    readonly def: ResourceDef,
  ) {}

  get(namespace: string | undefined, name: string): T {
    return call(() => this.registry.get(this.def, namespace, name)) as T;
  }

  /** Undefined instead of NotFound. */
  find(namespace: string | undefined, name: string): T | undefined {
    return this.registry.store.get(storeKey(this.def), namespace, name) as T | undefined;
  }

  list(options: ListRequest = {}): { items: T[]; resourceVersion: string } {
    return call(() => this.registry.list(this.def, options)) as { items: T[]; resourceVersion: string };
  }

  watch(options: ClientWatchOptions, listener: (event: WatchEvent<T>) => void): Disposable {
    return call(() =>
      this.registry.store.watch(
        storeKey(this.def),
        { ...this.registry.filter(this.def, options), resourceVersion: options.resourceVersion },
        (e) => listener({ type: e.type, object: e.object as T }),
      ),
    );
  }

  create(obj: T | Record<string, unknown>, options: WriteOptions = {}): T {
    const ns = (obj as KubeObject).metadata?.namespace;
    return call(() =>
      this.registry.create(this.def, this.def.namespaced ? (ns ?? 'default') : undefined, obj, options),
    ) as T;
  }

  update(obj: T, options: WriteOptions = {}): T {
    const { namespace, name } = obj.metadata;
    if (!name) throw new ApiError(400, 'BadRequest', 'name is required');
    return call(() => this.registry.update(this.def, namespace, name, obj, options)) as T;
  }

  updateStatus(obj: T, options: WriteOptions = {}): T {
    const { namespace, name } = obj.metadata;
    if (!name) throw new ApiError(400, 'BadRequest', 'name is required');
    return call(() => this.registry.update(this.def, namespace, name, obj, options, 'status')) as T;
  }

  patch(namespace: string | undefined, name: string, type: PatchType, patch: unknown, options: WriteOptions = {}): T {
    return call(() => this.registry.patch(this.def, namespace, name, type, patch, options)) as T;
  }

  /** Returns the object as it was deleted (or as it now is, when deletion is graceful or finalizers wait). */
  delete(namespace: string | undefined, name: string, options: DeleteRequest = {}): { object: T; finished: boolean } {
    return call(() => this.registry.delete(this.def, namespace, name, options)) as {
      object: T;
      finished: boolean;
    };
  }

  scale(namespace: string | undefined, name: string, replicas: number): Record<string, unknown> {
    return call(() => this.registry.updateScale(this.def, namespace, name, { spec: { replicas } }));
  }
}

export class ClusterClient {
  private readonly clients = new Map<string, ResourceClient>();

  constructor(readonly registry: ResourceRegistry) {}

  /**
   * A client for one resource, by plural name (`pods`, `deployments`), by store key (`deployments.apps`), or by
   * `group/version/resource` (`apps/v1/deployments`).
   */
  resource<T extends KubeObject = KubeObject>(name: string): ResourceClient<T> {
    let c = this.clients.get(name);
    if (!c) {
      const def = this.resolve(name);
      c = new ResourceClient(this.registry, def);
      this.clients.set(name, c);
    }
    return c as ResourceClient<T>;
  }

  private resolve(name: string): ResourceDef {
    const parts = name.split('/');
    const defs = this.registry.defs;
    const found =
      parts.length === 3
        ? defs.find((d) => d.group === parts[0] && d.version === parts[1] && d.resource === parts[2])
        : parts.length === 2
          ? defs.find((d) => d.group === '' && d.version === parts[0] && d.resource === parts[1])
          : (defs.find((d) => storeKey(d) === name) ??
            defs.find((d) => d.resource === name || d.shortNames?.includes(name) || d.singular === name));
    if (!found) throw new ApiError(404, 'NotFound', `the server doesn't have a resource type "${name}"`);
    return found;
  }

  /** Everything of a kind (optionally in one namespace), as the store's frozen objects. */
  all(name: string, namespace?: string): readonly StoredObject[] {
    return this.resource(name).list({ namespace }).items as StoredObject[];
  }
}
