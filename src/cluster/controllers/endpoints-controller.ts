import type { ControllerContext } from '../machinery/controller-context.js';
import { keyOf, splitKey } from '../machinery/informer.js';
import { deepEqual } from './deployment-replicas.js';
import { isPodReady } from './pod-util.js';
import { isReason } from '../machinery/store-port.js';
import type {
  EndpointAddress,
  EndpointPort,
  EndpointSubset,
  KubeObject,
  Pod,
  Service,
  ServicePort,
} from '../objects/index.js';

/**
 * The endpoints controller (upstream pkg/controller/endpoint): for every Service with a selector, an Endpoints object
 * of the same name listing the matching pods' IPs — ready ones under `addresses`, the rest under
 * `notReadyAddresses` — with each service port resolved against the pod (a named targetPort is looked up in the
 * pod's container ports, so pods may differ). Terminating and IP-less pods are left out, as upstream.
 */
export function startEndpointsController(ctx: ControllerContext): void {
  const services = ctx.informer<Service>('services');
  const pods = ctx.informer<Pod>('pods');
  const endpoints = ctx.informer('endpoints');
  const queue = ctx.queue('endpoints', sync);

  services.onChange((e) => queue.add(keyOf(e.object)));
  endpoints.onChange((e) => {
    if (e.type === 'DELETED' && services.get(keyOf(e.object))) queue.add(keyOf(e.object));
  });
  pods.onChange((e, old) => {
    const pod = e.object as Pod;
    if (old && e.type === 'MODIFIED' && !endpointRelevantChange(old as Pod, pod)) return;
    for (const svc of services.inNamespace(pod.metadata.namespace ?? '')) {
      const selector = svc.spec?.selector;
      if (!selector || Object.keys(selector).length === 0) continue;
      if (matches(selector, pod.metadata.labels) || (old && matches(selector, old.metadata.labels)))
        queue.add(keyOf(svc));
    }
  });

  async function sync(key: string): Promise<void> {
    const svc = services.get(key);
    const { namespace, name } = splitKey(key);
    const current = endpoints.get(key);
    if (!svc) {
      if (current)
        await ctx.store.delete('endpoints', namespace, name, { uid: current.metadata.uid }).catch(ignoreNotFound);
      return;
    }
    const selector = svc.spec?.selector;
    // No selector: the user manages the Endpoints by hand.
    if (!selector || Object.keys(selector).length === 0) return;
    const subsets = computeSubsets(
      svc,
      pods.inNamespace(namespace ?? '').filter((p) => matches(selector, p.metadata.labels)),
    );
    const labels = svc.metadata.labels;
    if (current && deepEqual(current.subsets ?? [], subsets) && deepEqual(current.metadata.labels, labels)) return;
    const body: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { ...(current?.metadata ?? { name, namespace }), labels: labels ? { ...labels } : undefined },
    };
    if (subsets.length) body.subsets = subsets;
    try {
      if (current) await ctx.store.update('endpoints', body);
      else await ctx.store.create('endpoints', body);
    } catch (error) {
      if (isReason(error, 'AlreadyExists') || isReason(error, 'Conflict')) throw error; // retry on the fresh cache
      ignoreNotFound(error);
    }
  }
}

function endpointRelevantChange(old: Pod, pod: Pod): boolean {
  return (
    old.status?.podIP !== pod.status?.podIP ||
    isPodReady(old) !== isPodReady(pod) ||
    !!old.metadata.deletionTimestamp !== !!pod.metadata.deletionTimestamp ||
    old.spec.nodeName !== pod.spec.nodeName ||
    !deepEqual(old.metadata.labels, pod.metadata.labels)
  );
}

function matches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** Resolve a service port against one pod (upstream podutil.FindPort): numbers as is, names via container ports. */
function findPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec.containers)
    for (const p of c.ports ?? [])
      if (p.name === target && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP')) return p.containerPort;
  return undefined;
}

export function computeSubsets(svc: Service, candidates: Pod[]): EndpointSubset[] {
  // Group addresses by their exact port list, like upstream's RepackSubsets.
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  const svcPorts = svc.spec?.ports ?? [];
  for (const pod of candidates) {
    const ip = pod.status?.podIP;
    if (!ip || pod.metadata.deletionTimestamp) continue;
    const address: EndpointAddress = {
      ip,
      targetRef: {
        kind: 'Pod',
        namespace: pod.metadata.namespace ?? 'default',
        name: pod.metadata.name ?? '',
        uid: pod.metadata.uid ?? '',
        resourceVersion: pod.metadata.resourceVersion,
      },
    };
    if (pod.spec.nodeName) address.nodeName = pod.spec.nodeName;
    if (pod.spec.hostname && pod.spec.subdomain === svc.metadata.name) address.hostname = pod.spec.hostname;
    const ports: EndpointPort[] = [];
    let missing = false;
    for (const sp of svcPorts) {
      const port = findPort(pod, sp);
      if (port === undefined) missing = true;
      else ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' });
    }
    if (missing && ports.length === 0 && svcPorts.length > 0) continue;
    ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
    const sig = JSON.stringify(ports);
    let group = groups.get(sig);
    if (!group) groups.set(sig, (group = { ports, ready: [], notReady: [] }));
    const ready = isPodReady(pod) || svc.spec?.publishNotReadyAddresses;
    (ready ? group.ready : group.notReady).push(address);
  }
  const byIp = (a: EndpointAddress, b: EndpointAddress) =>
    compareIp(a.ip, b.ip) || (a.targetRef?.uid ?? '').localeCompare(b.targetRef?.uid ?? '');
  return [...groups.values()].map((g) => {
    const subset: EndpointSubset = {};
    if (g.ready.length) subset.addresses = g.ready.sort(byIp);
    if (g.notReady.length) subset.notReadyAddresses = g.notReady.sort(byIp);
    if (g.ports.length) subset.ports = g.ports;
    return subset;
  });
}

function compareIp(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

function ignoreNotFound(error: unknown): void {
  if (!isReason(error, 'NotFound')) throw error;
}
