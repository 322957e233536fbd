import { realClock, type Clock } from '../clock.js';
import { ControllerContext } from '../machinery/controller-context.js';
import { startDeploymentController } from './deployment-controller.js';
import { EventRecorder } from '../machinery/event-recorder.js';
import { startReplicaSetController } from './replicaset-controller.js';
import { startScheduler } from '../scheduler/scheduler.js';
import { startGarbageCollector } from './garbage-collector.js';
import { startNamespaceController } from './namespace-controller.js';
import { startEndpointsController } from './endpoints-controller.js';
import { startServiceAccountController } from './service-account-controller.js';
import { startJobController } from './job-controller.js';
import { startCronJobController } from './cronjob-controller.js';
import { startStatefulSetController } from './statefulset-controller.js';
import { startDaemonSetController } from './daemonset-controller.js';
import type { StorePort } from '../machinery/store-port.js';

export interface ControllerOptions {
  /** Time source for deadlines, minReadySeconds and back-offs. @default realClock */
  clock?: Clock;
  /** The node pods are bound to when no Node object says otherwise. @default "wharf" */
  nodeName?: string;
  /** Random source for generated names (tests pass a seeded one). @default Math.random */
  random?: () => number;
  /** Which loops to run. @default every one */
  only?: readonly ControllerName[];
  /** A reconcile failed (it is retried with back-off). @default ignore */
  onError?: (controller: string, key: string, error: unknown) => void;
}

export type ControllerName =
  | 'deployment'
  | 'replicaset'
  | 'garbagecollector'
  | 'namespace'
  | 'endpoints'
  | 'serviceaccount'
  | 'job'
  | 'cronjob'
  | 'statefulset'
  | 'daemonset'
  | 'scheduler';

export interface RunningControllers {
  stop(): void;
  /** Resolves when every work queue is empty (tests and benchmarks wait on this). */
  settle(): Promise<void>;
}

const STARTERS: Record<ControllerName, (ctx: ControllerContext) => void> = {
  deployment: startDeploymentController,
  replicaset: startReplicaSetController,
  garbagecollector: startGarbageCollector,
  namespace: startNamespaceController,
  endpoints: startEndpointsController,
  serviceaccount: startServiceAccountController,
  job: startJobController,
  cronjob: startCronJobController,
  statefulset: startStatefulSetController,
  daemonset: startDaemonSetController,
  scheduler: startScheduler,
};

/**
 * Start the control loops over a store: controllers (Deployment, ReplicaSet, garbage collector, namespace,
 * endpoints, service accounts) and the scheduler. Every loop shares one set of informers, so each resource is
 * watched once however many controllers read it. Register the store's resources before calling this: the garbage
 * collector and namespace controller sweep the resources known at start.
 */
export function startControllers(store: StorePort, options: ControllerOptions = {}): RunningControllers {
  const clock = options.clock ?? realClock;
  const ctx = new ControllerContext(
    store,
    clock,
    new EventRecorder(store, clock),
    options.nodeName ?? 'wharf',
    options.random ?? Math.random,
    options.onError ?? (() => {}),
  );
  for (const name of options.only ?? (Object.keys(STARTERS) as ControllerName[])) STARTERS[name](ctx);
  ctx.start();
  return { stop: () => ctx.stop(), settle: () => ctx.settle() };
}

export { startPodStatusDriver } from './pod-status-driver.js';
