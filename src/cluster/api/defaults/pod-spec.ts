/**
 * Upstream's defaulting for PodSpec (pkg/apis/core/v1/defaults.go, release-1.20): what `kubectl get -o yaml` shows
 * on a real cluster for fields the user left out. Applied to bare pods and to every pod template.
 */
import type { JsonObject } from '../../objects/index.js';
const obj = (v: unknown): JsonObject | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
const list = (v: unknown): JsonObject[] => (Array.isArray(v) ? (v as JsonObject[]).filter((x) => obj(x)) : []);

function defaultProbe(p: unknown): void {
  const probe = obj(p);
  if (!probe) return;
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  const http = obj(probe.httpGet);
  if (http) {
    http.path ??= '/';
    http.scheme ??= 'HTTP';
  }
}

function defaultHandler(h: unknown): void {
  const http = obj(obj(h)?.httpGet);
  if (http) {
    http.path ??= '/';
    http.scheme ??= 'HTTP';
  }
}

/** `imagePullPolicy`: Always for `:latest` or an untagged image, IfNotPresent otherwise (digests count as tags). */
export function defaultPullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  const tag = colon < 0 ? '' : image.slice(colon + 1);
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

export function defaultContainer(c: JsonObject): void {
  if (typeof c.image === 'string') c.imagePullPolicy ??= defaultPullPolicy(c.image);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const p of list(c.ports)) p.protocol ??= 'TCP';
  for (const e of list(c.env)) {
    const fieldRef = obj(obj(e.valueFrom)?.fieldRef);
    if (fieldRef) fieldRef.apiVersion ??= 'v1';
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  const lifecycle = obj(c.lifecycle);
  if (lifecycle) {
    defaultHandler(lifecycle.postStart);
    defaultHandler(lifecycle.preStop);
  }
}

export function defaultPodSpec(spec: JsonObject): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const c of [...list(spec.containers), ...list(spec.initContainers)]) defaultContainer(c);
  for (const v of list(spec.volumes)) {
    const secret = obj(v.secret);
    if (secret) secret.defaultMode ??= 420;
    const cm = obj(v.configMap);
    if (cm) cm.defaultMode ??= 420;
    const hostPath = obj(v.hostPath);
    if (hostPath) hostPath.type ??= '';
    const projected = obj(v.projected);
    if (projected) projected.defaultMode ??= 420;
    const downward = obj(v.downwardAPI);
    if (downward) downward.defaultMode ??= 420;
    if (!Object.keys(v).some((k) => k !== 'name')) v.emptyDir = {};
  }
}

/** What admission adds to a bare pod at creation (ServiceAccount, DefaultTolerationSeconds, Priority plugins). */
export function admitPod(spec: JsonObject): void {
  // SetDefaults_Pod (not PodSpec): pod templates do not get it.
  spec.enableServiceLinks ??= true;
  spec.serviceAccountName ??= (spec.serviceAccount as string | undefined) ?? 'default';
  spec.serviceAccount = spec.serviceAccountName;
  spec.priority ??= 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  const tolerations = list(spec.tolerations);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const covered = tolerations.some(
      (t) =>
        (t.key === key || (t.key === undefined && t.operator === 'Exists')) &&
        (t.effect === 'NoExecute' || t.effect === undefined),
    );
    if (!covered) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  spec.tolerations = tolerations;
}

/** Quality of service class from requests/limits (pkg/apis/core/helper/qos). */
export function qosClass(spec: JsonObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...list(spec.containers), ...list(spec.initContainers)];
  let anySet = false;
  let guaranteed = true;
  for (const c of containers) {
    const res = obj(c.resources) ?? {};
    const req = obj(res.requests) ?? {};
    const lim = obj(res.limits) ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) anySet = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined) guaranteed = false;
      else if (req[r] !== undefined && String(req[r]) !== String(lim[r])) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
