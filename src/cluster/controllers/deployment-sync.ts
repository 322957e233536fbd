import type { ControllerContext } from '../machinery/controller-context.js';
import { Reason, getCondition, newCondition, removeCondition, setCondition } from './conditions.js';
import {
  REVISION,
  desiredReplicasAnnotation,
  maxRevision,
  replicasAnnotationsNeedUpdate,
  revisionOf,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from './deployment-annotations.js';
import {
  POD_TEMPLATE_HASH,
  bySizeNewer,
  bySizeOlder,
  byCreation,
  deepEqual,
  equalIgnoreHash,
  filterActive,
  findActiveOrLatest,
  findNewReplicaSet,
  isRollingUpdate,
  isSaturated,
  maxSurge,
  newRSNewReplicas,
  proportion,
  replicasOf,
  sumSpecReplicas,
} from './deployment-replicas.js';
import { calculateStatus, msUntilDeadline, progressDeadline, rolloutStatus } from './deployment-status.js';
import type { EventSink } from '../machinery/event-recorder.js';
import { rolloutRecreate } from './deployment-recreate.js';
import { rolloutRolling } from './deployment-rolling.js';
import type { RolloutSteps } from './deployment-steps.js';
import type { Informer } from '../machinery/informer.js';
import { selectorIsEmpty, selectorWithLabel } from '../machinery/label-selector.js';
import { omitZeros } from './omit-zeros.js';
import { controllerRef, controllerRefTo } from '../machinery/owner-refs.js';
import { podTemplateHash } from './pod-template-hash.js';
import { isReason } from '../machinery/store-port.js';
import { StoreError } from '../store/index.js';
import { rfc3339 } from '../clock.js';
import type { Deployment, DeploymentStatus, Pod, ReplicaSet } from '../objects/index.js';

const DEPLOYMENTS = 'deployments.apps';
const REPLICASETS = 'replicasets.apps';

/**
 * One reconcile of one Deployment (upstream syncDeployment and the rolling.go / recreate.go / sync.go / progress.go
 * it calls). Works on a private copy `d`; writes go through the store and the copy is kept in step with what was
 * written, so later steps of the same reconcile never act on a stale version.
 */
export class DeploymentSync implements RolloutSteps {
  private savedAnnotations: unknown;
  private savedStatus: unknown;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly events: EventSink,
    readonly d: Deployment,
    readonly pods: Informer<Pod>,
    private readonly requeueAfter: (ms: number) => void,
  ) {
    this.savedAnnotations = structuredClone(d.metadata.annotations);
    this.savedStatus = structuredClone(d.status);
  }

  /** A Deployment with `selector: {}` would adopt every pod in the namespace; upstream refuses and says so. */
  selectsAll(): boolean {
    return selectorIsEmpty(this.d.spec.selector);
  }

  async refuseEmptySelector(): Promise<void> {
    this.events.event(
      this.d,
      'Warning',
      'SelectingAll',
      'This deployment is selecting all pods. A non-empty selector is required.',
    );
    if ((this.d.status?.observedGeneration ?? 0) < (this.d.metadata.generation ?? 1)) {
      this.d.status = { ...(this.d.status ?? {}), observedGeneration: this.d.metadata.generation ?? 1 };
      await this.persist();
    }
  }

  async reconcile(rsList: ReplicaSet[]): Promise<void> {
    const d = this.d;
    if (d.metadata.deletionTimestamp) return this.syncStatusOnly(rsList);
    await this.checkPausedConditions();
    if (d.spec.paused) return this.syncScaling(rsList);
    if (await this.isScalingEvent(rsList)) return this.syncScaling(rsList);
    return d.spec.strategy?.type === 'Recreate' ? rolloutRecreate(this, rsList) : rolloutRolling(this, rsList);
  }

  // ---- writes ------------------------------------------------------------------------------------------------

  /** Save annotation and status changes of `d` (annotations with a plain update: they are metadata, not status). */
  private async persist(): Promise<void> {
    if (!deepEqual(this.d.metadata.annotations, this.savedAnnotations)) {
      const written = (await this.ctx.store.update(DEPLOYMENTS, { ...this.d })) as Deployment;
      this.d.metadata.resourceVersion = written.metadata.resourceVersion;
      this.savedAnnotations = structuredClone(this.d.metadata.annotations);
    }
    if (!sameStatus(this.d.status, this.savedStatus)) {
      const status = omitZeros(this.d.status ?? {}, []);
      const written = (await this.ctx.store.updateStatus(DEPLOYMENTS, { ...this.d, status })) as Deployment;
      this.d.metadata.resourceVersion = written.metadata.resourceVersion;
      this.savedStatus = structuredClone(this.d.status);
    }
  }

  private async updateRS(rs: ReplicaSet): Promise<ReplicaSet> {
    return structuredClone(await this.ctx.store.update(REPLICASETS, rs)) as ReplicaSet;
  }

  // ---- finding the new and old ReplicaSets -------------------------------------------------------------------

  async getAllReplicaSetsAndSyncRevision(
    rsList: ReplicaSet[],
    create: boolean,
  ): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }> {
    const existing = findNewReplicaSet(this.d, rsList);
    const oldRSs = rsList.filter((rs) => rs !== existing);
    const newRS = await this.getNewReplicaSet(rsList, existing, oldRSs, create);
    if (newRS && existing && newRS !== existing) rsList[rsList.indexOf(existing)] = newRS;
    if (newRS && !existing) rsList.push(newRS);
    return { newRS, oldRSs };
  }

  private async getNewReplicaSet(
    rsList: ReplicaSet[],
    existing: ReplicaSet | undefined,
    oldRSs: ReplicaSet[],
    create: boolean,
  ): Promise<ReplicaSet | undefined> {
    const d = this.d;
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      const copy = structuredClone(existing);
      const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true, maxSurge(d));
      const minReady = d.spec.minReadySeconds ?? 0;
      if (annotationsUpdated || (copy.spec.minReadySeconds ?? 0) !== minReady) {
        copy.spec.minReadySeconds = minReady;
        return this.updateRS(copy);
      }
      let needsUpdate = setDeploymentRevision(d, copy.metadata.annotations?.[REVISION]);
      if (progressDeadline(d) !== undefined && !getCondition(d.status?.conditions, 'Progressing')) {
        this.setCondition(
          'Progressing',
          'True',
          Reason.FoundNewReplicaSet,
          `Found new replica set "${copy.metadata.name}"`,
        );
        needsUpdate = true;
      }
      if (needsUpdate) await this.persist();
      return copy;
    }
    if (!create) return undefined;

    const hash = podTemplateHash(d.spec.template, d.status?.collisionCount);
    const template = structuredClone(d.spec.template);
    template.metadata = { ...(template.metadata ?? {}) };
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH]: hash };
    const newRS: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: { ...template.metadata.labels },
        ownerReferences: [controllerRefTo(d, 'apps/v1', 'Deployment')],
      },
      spec: {
        replicas: 0,
        minReadySeconds: d.spec.minReadySeconds ?? 0,
        selector: selectorWithLabel(d.spec.selector, POD_TEMPLATE_HASH, hash),
        template,
      },
    };
    newRS.spec.replicas = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
    setNewReplicaSetAnnotations(d, newRS, newRevision, false, maxSurge(d));
    let created: ReplicaSet;
    try {
      created = structuredClone(await this.ctx.store.create(REPLICASETS, newRS)) as ReplicaSet;
    } catch (error) {
      if (!isReason(error, 'AlreadyExists')) throw error;
      // Same name already taken: fine if it is ours with our template (a stale cache), else a hash collision.
      const clash = this.ctx.store.get(REPLICASETS, d.metadata.namespace, newRS.metadata.name ?? '') as
        ReplicaSet | undefined;
      if (
        clash &&
        controllerRef(clash)?.uid === d.metadata.uid &&
        equalIgnoreHash(clash.spec.template, d.spec.template)
      )
        return structuredClone(clash);
      d.status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
      await this.persist();
      throw new StoreError('Conflict', `hash collision for replica set "${newRS.metadata.name}"; retrying`);
    }
    const replicas = replicasOf(created);
    if (replicas > 0)
      this.events.event(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${created.metadata.name} to ${replicas}`,
      );
    setDeploymentRevision(d, String(newRevision));
    if (progressDeadline(d) !== undefined)
      this.setCondition(
        'Progressing',
        'True',
        Reason.NewReplicaSetCreated,
        `Created new replica set "${created.metadata.name}"`,
      );
    await this.persist();
    void rsList;
    return created;
  }

  private setCondition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string): void {
    const d = this.d;
    d.status ??= {};
    d.status.conditions = setCondition(
      d.status.conditions,
      newCondition(type, status, reason, message, rfc3339(this.ctx.clock.now())),
    );
  }

  // ---- scaling -----------------------------------------------------------------------------------------------

  async scaleAndRecord(rs: ReplicaSet, newScale: number): Promise<{ scaled: boolean; rs: ReplicaSet }> {
    if (replicasOf(rs) === newScale) return { scaled: false, rs };
    return this.scaleReplicaSet(rs, newScale, replicasOf(rs) < newScale ? 'up' : 'down');
  }

  private async scaleReplicaSet(
    rs: ReplicaSet,
    newScale: number,
    operation: 'up' | 'down',
  ): Promise<{ scaled: boolean; rs: ReplicaSet }> {
    const d = this.d;
    const sizeChange = replicasOf(rs) !== newScale;
    const desired = replicasOf(d);
    const max = desired + maxSurge(d);
    if (!sizeChange && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
    const copy = structuredClone(rs);
    copy.spec.replicas = newScale;
    setReplicasAnnotations(copy, desired, max);
    const written = await this.updateRS(copy);
    if (sizeChange)
      this.events.event(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${operation} replica set ${rs.metadata.name} to ${newScale}`,
      );
    return { scaled: sizeChange, rs: written };
  }

  /** A spec.replicas change while a rollout is under way (upstream isScalingEvent). */
  private async isScalingEvent(rsList: ReplicaSet[]): Promise<boolean> {
    const { newRS, oldRSs } = await this.getAllReplicaSetsAndSyncRevision(rsList, false);
    for (const rs of filterActive([...oldRSs, newRS])) {
      const desired = desiredReplicasAnnotation(rs);
      if (desired !== undefined && desired !== replicasOf(this.d)) return true;
    }
    return false;
  }

  /** Scale without rolling (paused, or a scaling event): proportional across active RSs (upstream sync + scale). */
  private async syncScaling(rsList: ReplicaSet[]): Promise<void> {
    const { newRS, oldRSs } = await this.getAllReplicaSetsAndSyncRevision(rsList, false);
    await this.scale(newRS, oldRSs);
    if (this.d.spec.paused) await this.cleanup(oldRSs);
    await this.syncStatus([...oldRSs, ...(newRS ? [newRS] : [])], newRS);
  }

  private async scale(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
    const d = this.d;
    const only = findActiveOrLatest(newRS, oldRSs);
    if (only) {
      if (replicasOf(only) !== replicasOf(d)) await this.scaleAndRecord(only, replicasOf(d));
      return;
    }
    if (isSaturated(d, newRS)) {
      for (const old of filterActive(oldRSs)) await this.scaleAndRecord(old, 0);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const all = filterActive([...oldRSs, newRS]);
    const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
    const toAdd = allowed - sumSpecReplicas(all);
    let operation: 'up' | 'down' = 'up';
    if (toAdd > 0) all.sort(bySizeNewer);
    else if (toAdd < 0) {
      all.sort(bySizeOlder);
      operation = 'down';
    }
    let added = 0;
    const sizes = new Map<ReplicaSet, number>();
    for (const rs of all) {
      if (toAdd === 0) sizes.set(rs, replicasOf(rs));
      else {
        const p = proportion(rs, d, toAdd, added);
        sizes.set(rs, replicasOf(rs) + p);
        added += p;
      }
    }
    for (const [i, rs] of all.entries()) {
      let size = sizes.get(rs)!;
      // Rounding leftovers go to the biggest RS (the first after sorting), as upstream.
      if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
      await this.scaleReplicaSet(rs, size, operation);
    }
  }

  // ---- history clean-up --------------------------------------------------------------------------------------

  /** Delete the oldest scaled-down RSs beyond revisionHistoryLimit (default 10), as upstream cleanupDeployment. */
  async cleanup(oldRSs: ReplicaSet[]): Promise<void> {
    const limit = this.d.spec.revisionHistoryLimit ?? 10;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort((a, b) => (revisionOf(a) ?? 0) - (revisionOf(b) ?? 0) || byCreation(a, b));
    for (const rs of cleanable.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0) continue;
      if ((rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      await this.ctx.store
        .delete(REPLICASETS, rs.metadata.namespace, rs.metadata.name ?? '', { uid: rs.metadata.uid })
        .catch((error: unknown) => {
          if (!isReason(error, 'NotFound')) throw error;
        });
    }
  }

  // ---- status ------------------------------------------------------------------------------------------------

  private async checkPausedConditions(): Promise<void> {
    const d = this.d;
    if (progressDeadline(d) === undefined) return;
    const cond = getCondition(d.status?.conditions, 'Progressing');
    if (cond?.reason === Reason.ProgressDeadlineExceeded) return;
    const pausedShown = cond?.reason === Reason.DeploymentPaused;
    if (d.spec.paused && !pausedShown)
      this.setCondition('Progressing', 'Unknown', Reason.DeploymentPaused, 'Deployment is paused');
    else if (!d.spec.paused && pausedShown)
      this.setCondition('Progressing', 'Unknown', Reason.DeploymentResumed, 'Deployment is resumed');
    else return;
    await this.persist();
  }

  private async syncStatusOnly(rsList: ReplicaSet[]): Promise<void> {
    const { newRS, oldRSs } = await this.getAllReplicaSetsAndSyncRevision(rsList, false);
    await this.syncStatus([...oldRSs, ...(newRS ? [newRS] : [])], newRS);
  }

  private async syncStatus(all: ReplicaSet[], newRS: ReplicaSet | undefined): Promise<void> {
    const status = calculateStatus(this.d, all, newRS, this.ctx.clock.now());
    if (sameStatus(status, this.d.status)) return;
    this.d.status = status;
    await this.persist();
  }

  async syncRolloutStatus(all: ReplicaSet[], newRS: ReplicaSet | undefined): Promise<void> {
    const now = this.ctx.clock.now();
    const status: DeploymentStatus = rolloutStatus(this.d, all, newRS, now);
    const failure = newRS?.status?.conditions?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
    status.conditions = failure
      ? setCondition(status.conditions, { ...failure, lastUpdateTime: failure.lastTransitionTime })
      : removeCondition(status.conditions, 'ReplicaFailure');
    if (!sameStatus(status, this.d.status)) {
      this.d.status = status;
      await this.persist();
    }
    const wait = msUntilDeadline(this.d, status, now);
    if (wait !== undefined) this.requeueAfter(wait);
  }
}

function sameStatus(a: unknown, b: unknown): boolean {
  const norm = (s: unknown) => (s && typeof s === 'object' ? omitZeros(s, []) : {});
  return deepEqual(norm(a), norm(b));
}
