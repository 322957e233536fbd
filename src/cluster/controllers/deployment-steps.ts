import type { Informer } from '../machinery/informer.js';
import type { Deployment, Pod, ReplicaSet } from '../objects/index.js';

/**
 * The building blocks a rollout strategy uses, implemented by DeploymentSync (one reconcile of one Deployment).
 * Strategies (deployment-rolling.ts, deployment-recreate.ts) only sequence these, as upstream's rolling.go and
 * recreate.go sequence the helpers in sync.go.
 */
export interface RolloutSteps {
  /** The Deployment being reconciled (a private copy kept in step with what was written). */
  readonly d: Deployment;
  readonly pods: Informer<Pod>;
  getAllReplicaSetsAndSyncRevision(
    rsList: ReplicaSet[],
    create: boolean,
  ): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }>;
  /** Scale one RS, recording ScalingReplicaSet; returns the written RS. */
  scaleAndRecord(rs: ReplicaSet, newScale: number): Promise<{ scaled: boolean; rs: ReplicaSet }>;
  /** Delete old RSs beyond revisionHistoryLimit. */
  cleanup(oldRSs: ReplicaSet[]): Promise<void>;
  /** Write status with the Progressing condition and schedule the deadline check. */
  syncRolloutStatus(all: ReplicaSet[], newRS: ReplicaSet | undefined): Promise<void>;
}
