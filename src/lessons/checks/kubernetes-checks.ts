/** Checks that read the cluster: objects, fields, counts, ready pods, Services, rollouts, images. */
import type { Deployment, KubeObject, Pod, Service } from '../../cluster/objects/index.js';
import type { CheckOf } from '../schema/check-kinds.js';
import type { ClusterPort } from '../ports.js';
import { fail, pass, pending, type CheckOutcome } from './check-outcome.js';
import { judgeCount } from './count-target.js';
import { sameImage } from './image-ref.js';
import { readPath, sameScalar, showValue } from './json-path.js';

const DEFAULT_NAMESPACE = 'default';

const where = (namespace: string | undefined) => `in namespace ${namespace ?? DEFAULT_NAMESPACE}`;

export async function objectExists(check: CheckOf<'kubernetes.exists'>, cluster: ClusterPort): Promise<CheckOutcome> {
  const ns = check.namespace ?? DEFAULT_NAMESPACE;
  const obj = await cluster.get(check.kind, ns, check.name);
  if (!obj) return fail('not-found', `no ${check.kind} named ${check.name} ${where(check.namespace)}`);
  if (obj.metadata.deletionTimestamp) return pending('converging', `${check.kind} ${check.name} is being deleted`);
  return pass(`${check.kind} ${check.name} exists`);
}

export async function fieldValue(check: CheckOf<'kubernetes.field'>, cluster: ClusterPort): Promise<CheckOutcome> {
  const obj = await cluster.get(check.kind, check.namespace ?? DEFAULT_NAMESPACE, check.name);
  if (!obj) return fail('not-found', `no ${check.kind} named ${check.name} ${where(check.namespace)}`);
  const value = readPath(obj, check.path);
  const label = `${check.kind} ${check.name}'s ${check.path}`;
  if (check.equals !== undefined) {
    return sameScalar(value, check.equals)
      ? pass(`${label} is ${showValue(value)}`)
      : fail('wrong-value', `${label} is ${showValue(value)}, want ${showValue(check.equals)}`);
  }
  if (check.contains !== undefined) {
    return typeof value === 'string' && value.includes(check.contains)
      ? pass(`${label} contains "${check.contains}"`)
      : fail('wrong-value', `${label} is ${showValue(value)}, which does not contain "${check.contains}"`);
  }
  const number = typeof value === 'number' ? value : Number(value);
  if (value === undefined || Number.isNaN(number))
    return fail('wrong-value', `${label} is ${showValue(value)}, not a number`);
  if (check.atLeast !== undefined && number < check.atLeast)
    return fail('wrong-value', `${label} is ${number}, want at least ${check.atLeast}`);
  if (check.atMost !== undefined && number > check.atMost)
    return fail('wrong-value', `${label} is ${number}, want at most ${check.atMost}`);
  return pass(`${label} is ${number}`);
}

export async function objectCount(check: CheckOf<'kubernetes.count'>, cluster: ClusterPort): Promise<CheckOutcome> {
  const items = await cluster.list(check.kind, {
    namespace: check.namespace ?? DEFAULT_NAMESPACE,
    ...(check.selector ? { labelSelector: check.selector } : {}),
  });
  const matching = items.filter((obj) => (check.where ?? []).every((w) => sameScalar(readPath(obj, w.path), w.equals)));
  const conditions = [
    check.selector ? `matching ${check.selector}` : '',
    ...(check.where ?? []).map((w) => `with ${w.path}=${showValue(w.equals)}`),
  ].filter(Boolean);
  return judgeCount(matching.length, check, [`${check.kind} objects`, ...conditions].join(' '));
}

export function podIsReady(pod: Pod): boolean {
  return (
    !pod.metadata.deletionTimestamp &&
    (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
  );
}

/** Pods matching a selector, sorted into ready, on their way (exist, not Ready yet) and on their way out. */
async function podsBySelector(cluster: ClusterPort, namespace: string, selector: string) {
  const pods = (await cluster.list('Pod', { namespace, labelSelector: selector })) as Pod[];
  const live = pods.filter(
    (p) => !p.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes(p.status?.phase ?? ''),
  );
  const ready = live.filter(podIsReady);
  return { ready: ready.length, starting: live.length - ready.length, terminating: pods.length - live.length };
}

export async function readyPods(check: CheckOf<'kubernetes.ready-pods'>, cluster: ClusterPort): Promise<CheckOutcome> {
  const pods = await podsBySelector(cluster, check.namespace ?? DEFAULT_NAMESPACE, check.selector);
  return judgeCount(pods.ready, check, `ready pods matching ${check.selector}`, {
    coming: pods.starting,
    going: pods.terminating,
    why: pods.starting ? `${pods.starting} more starting` : `${pods.terminating} stopping`,
  });
}

/** `{app: nginx, tier: web}` -> `app=nginx,tier=web`. */
function selectorText(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

export async function serviceSelectsReadyPods(
  check: CheckOf<'kubernetes.service-selects-ready-pods'>,
  cluster: ClusterPort,
): Promise<CheckOutcome> {
  const ns = check.namespace ?? DEFAULT_NAMESPACE;
  const service = (await cluster.get('Service', ns, check.service)) as Service | undefined;
  if (!service) return fail('not-found', `no Service named ${check.service} ${where(check.namespace)}`);
  const selector = (service.spec as { selector?: Record<string, string> } | undefined)?.selector ?? {};
  if (Object.keys(selector).length === 0)
    return fail('no-selector', `Service ${check.service} has no selector, so it picks no pods`);
  const text = selectorText(selector);
  const pods = await podsBySelector(cluster, ns, text);
  const want = check.atLeast ?? 1;
  if (pods.ready >= want) return pass(`Service ${check.service} selects ${pods.ready} ready pods (${text})`);
  if (pods.ready + pods.starting >= want)
    return pending(
      'not-ready',
      `Service ${check.service} selects ${pods.ready} ready pods (${text}), ${pods.starting} more starting`,
    );
  return fail(
    'too-few',
    pods.ready === 0 && pods.starting === 0
      ? `Service ${check.service}'s selector ${text} matches no pods`
      : `Service ${check.service} selects ${pods.ready} ready pods (${text}), want at least ${want}`,
  );
}

export async function rolloutComplete(
  check: CheckOf<'kubernetes.rollout-complete'>,
  cluster: ClusterPort,
): Promise<CheckOutcome> {
  const name = check.deployment;
  const d = (await cluster.get('Deployment', check.namespace ?? DEFAULT_NAMESPACE, name)) as Deployment | undefined;
  if (!d) return fail('not-found', `no Deployment named ${name} ${where(check.namespace)}`);
  const status = d.status ?? {};
  const want = d.spec.replicas ?? 1;
  const stuck = (status.conditions ?? []).find(
    (c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded',
  );
  if (stuck) return fail('wrong-state', `${name}'s rollout is stuck: ${stuck.message ?? 'progress deadline exceeded'}`);
  if ((status.observedGeneration ?? 0) < (d.metadata.generation ?? 0))
    return pending('converging', `${name}'s latest change has not been picked up yet`);
  const updated = status.updatedReplicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const total = status.replicas ?? 0;
  if (updated < want) return pending('converging', `${updated} of ${want} replicas of ${name} are updated`);
  if (total > updated) return pending('converging', `${total - updated} old replicas of ${name} are still stopping`);
  if (available < want) return pending('not-ready', `${available} of ${want} replicas of ${name} are available`);
  return pass(`${name} rolled out: ${want} of ${want} replicas updated and available`);
}

function imagesOf(obj: KubeObject | undefined): string[] {
  const spec = (obj as Pod | undefined)?.spec;
  return (spec?.containers ?? []).map((c) => c.image ?? '');
}

export async function imageInUse(
  check: CheckOf<'kubernetes.image-in-use'>,
  cluster: ClusterPort,
): Promise<CheckOutcome> {
  const ns = check.namespace ?? DEFAULT_NAMESPACE;
  if (check.deployment) {
    const d = (await cluster.get('Deployment', ns, check.deployment)) as Deployment | undefined;
    if (!d) return fail('not-found', `no Deployment named ${check.deployment} ${where(check.namespace)}`);
    const images = imagesOf(d.spec.template as KubeObject);
    return images.some((i) => sameImage(i, check.image))
      ? pass(`${check.deployment} runs ${check.image}`)
      : fail('wrong-image', `${check.deployment} runs ${images.join(', ') || 'no image'}, want ${check.image}`);
  }
  const selector = check.selector ?? '';
  const pods = ((await cluster.list('Pod', { namespace: ns, labelSelector: selector })) as Pod[]).filter(
    (p) => !p.metadata.deletionTimestamp,
  );
  if (pods.length === 0) return fail('not-found', `no pods match ${selector}`);
  const running = pods.filter((p) => imagesOf(p).some((i) => sameImage(i, check.image))).length;
  if (running === pods.length) return pass(`all ${pods.length} pods matching ${selector} run ${check.image}`);
  if (running > 0)
    return pending('converging', `${running} of ${pods.length} pods matching ${selector} run ${check.image}`);
  return fail(
    'wrong-image',
    `no pod matching ${selector} runs ${check.image} (they run ${imagesOf(pods[0]).join(', ')})`,
  );
}
