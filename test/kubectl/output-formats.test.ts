import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from './harness.js';

/**
 * kubectl's output formats over objects the test creates, asserted whole: -o yaml/json (kubectl renders the object
 * the server returns, so every field counts), jsonpath ranges, custom columns, label columns, -o wide, watch events,
 * api-resources and cluster-info. A bare API server (no controllers): nothing changes behind the test's back.
 */
let c: Cluster;
beforeAll(async () => {
  c = await startCluster({ controllers: [] });
  await c.kubectl('create configmap cfg --from-literal=a=1 --from-literal=b=two');
  await c.kubectl('label configmap cfg tier=web');
  await c.kubectl('run bb --image=busybox:1.36 --restart=Never --labels=app=bb,tier=web -- sleep 3600');
});
afterAll(() => c.stop());

/** uids are random v4 UUIDs. */
const uids = (text: string): string =>
  text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g, '<uid>');

describe('kubectl output formats', () => {
  it('-o yaml prints the stored object', async () => {
    // A real 1.20 server also returns metadata.managedFields here (kubectl-create, kubectl-label); Wharf does not
    // track field managers (docs/kubernetes-api.md), so that block is the one difference.
    expect(uids((await c.kubectl('get cm cfg -o yaml')).stdout)).toBe(
      [
        'apiVersion: v1',
        'data:',
        '  a: "1"',
        '  b: two',
        'kind: ConfigMap',
        'metadata:',
        '  creationTimestamp: "2021-01-01T12:00:00Z"',
        '  labels:',
        '    tier: web',
        '  name: cfg',
        '  namespace: default',
        '  resourceVersion: "10"',
        '  uid: <uid>',
        '',
      ].join('\n'),
    );
  });

  it('-o json prints the same object as indented JSON', async () => {
    // kubectl run's pod after the server's defaults and admission. A real cluster's ServiceAccount admission would
    // also mount the default-token secret (volumes, volumeMounts); Wharf leaves it out (docs/kubernetes-api.md).
    const pod = JSON.parse(uids((await c.kubectl('get pod bb -o json')).stdout)) as unknown;
    expect(pod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        creationTimestamp: '2021-01-01T12:00:00Z',
        labels: { app: 'bb', tier: 'web' },
        name: 'bb',
        namespace: 'default',
        resourceVersion: '11',
        uid: '<uid>',
      },
      spec: {
        containers: [
          {
            args: ['sleep', '3600'],
            image: 'busybox:1.36',
            imagePullPolicy: 'IfNotPresent',
            name: 'bb',
            resources: {},
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
        dnsPolicy: 'ClusterFirst',
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
        priority: 0,
        restartPolicy: 'Never',
        schedulerName: 'default-scheduler',
        securityContext: {},
        serviceAccount: 'default',
        serviceAccountName: 'default',
        terminationGracePeriodSeconds: 30,
        tolerations: ['not-ready', 'unreachable'].map((k) => ({
          effect: 'NoExecute',
          key: `node.kubernetes.io/${k}`,
          operator: 'Exists',
          tolerationSeconds: 300,
        })),
      },
      status: { phase: 'Pending', qosClass: 'BestEffort' },
    });
  });

  it('jsonpath ranges, custom columns and label columns', async () => {
    const range = await c.kubectl([
      'get',
      'pods,cm',
      '-o',
      'jsonpath={range .items[*]}{.kind}/{.metadata.name} {.metadata.labels.tier}{"\\n"}{end}',
    ]);
    expect(range.stdout).toBe('Pod/bb web\nConfigMap/cfg web\n');
    const cols = await c.kubectl([
      'get',
      'pods',
      '-o',
      'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image,NODE:.spec.nodeName',
    ]);
    expect(cols.stdout).toBe('NAME   IMAGE          NODE\nbb     busybox:1.36   <none>\n');
    expect((await c.kubectl('get pods --show-labels')).stdout).toBe(
      'NAME   READY   STATUS    RESTARTS   AGE   LABELS\nbb     0/1     Pending   0          0s    app=bb,tier=web\n',
    );
    expect((await c.kubectl('get cm -L tier -L missing')).stdout).toBe(
      'NAME   DATA   AGE   TIER   MISSING\ncfg    2      0s    web    \n',
    );
    // Not scheduled (no scheduler runs here): no IP, no node.
    expect((await c.kubectl('get pods -o wide')).stdout).toBe(
      [
        'NAME   READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES',
        'bb     0/1     Pending   0          0s    <none>   <none>   <none>           <none>',
        '',
      ].join('\n'),
    );
  });

  it('get -w --output-watch-events prints the listed object, then each change', async () => {
    const r = await c.kubectl('get cm -w --output-watch-events', {
      until: /DELETED/,
      onStart: () =>
        setTimeout(() => {
          // Created and deleted while kubectl watches.
          void c.kubectl('create configmap other').then(() => c.kubectl('delete configmap other'));
        }, 700),
    });
    // Each event is its own table row, aligned on its own: kubectl prints it that way on a real cluster too.
    expect(r.stdout).toBe(
      [
        'EVENT      NAME   DATA   AGE',
        'ADDED      cfg    2      0s',
        'ADDED      other   0      0s',
        'DELETED    other   0      0s',
        '',
      ].join('\n'),
    );
  });

  it('describe a configmap, a namespace and a service', async () => {
    // kubectl 1.20 prints a ConfigMap's data by ranging over a Go map, in random order: compare the keys sorted.
    expect(sortDescribedData((await c.kubectl('describe cm cfg')).stdout)).toBe(
      [
        'Name:         cfg',
        'Namespace:    default',
        'Labels:       tier=web',
        'Annotations:  <none>',
        '',
        'Data',
        '====',
        'a:',
        '----',
        '1',
        'b:',
        '----',
        'two',
        'Events:  <none>',
        '',
      ].join('\n'),
    );
    // kubectl lists the namespace's quotas and limit ranges; none here.
    expect((await c.kubectl('describe ns default')).stdout).toBe(
      [
        'Name:         default',
        'Labels:       <none>',
        'Annotations:  <none>',
        'Status:       Active',
        '',
        'No resource quota.',
        '',
        'No LimitRange resource.',
        '',
      ].join('\n'),
    );
    await c.kubectl('create service nodeport web --tcp=80:8080');
    // Cluster IP and node port come from the harness's seeded random source; no endpoints controller runs here.
    expect((await c.kubectl('describe svc web')).stdout).toBe(
      [
        'Name:                     web',
        'Namespace:                default',
        'Labels:                   app=web',
        'Annotations:              <none>',
        'Selector:                 app=web',
        'Type:                     NodePort',
        'IP Family Policy:         SingleStack',
        'IP Families:              IPv4',
        'IP:                       10.105.158.31',
        'IPs:                      10.105.158.31',
        'Port:                     80-8080  80/TCP',
        'TargetPort:               8080/TCP',
        'NodePort:                 80-8080  31240/TCP',
        'Endpoints:                <none>',
        'Session Affinity:         None',
        'External Traffic Policy:  Cluster',
        'Events:                   <none>',
        '',
      ].join('\n'),
    );
    // LimitRanges print their creation time; they are served as objects (not enforced).
    const limits = c.file(
      'limits.yaml',
      'apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: mem\nspec:\n  limits:\n  - type: Container\n    default:\n      memory: 256Mi\n',
    );
    expect((await c.kubectl(['apply', '-f', limits])).stdout).toBe('limitrange/mem created\n');
    expect((await c.kubectl('get limits')).stdout).toBe('NAME   CREATED AT\nmem    2021-01-01T12:00:00Z\n');
  });

  it('auth can-i answers yes: one user with every right, like the admin of a local cluster', async () => {
    expect((await c.kubectl('auth can-i create pods')).stdout).toBe('yes\n');
    expect((await c.kubectl('auth can-i delete deployments -n kube-system')).stdout).toBe('yes\n');
  });

  it('api-resources for one group, wide', async () => {
    const verbs = '[create delete deletecollection get list patch update watch]';
    expect((await c.kubectl('api-resources --api-group=apps -o wide')).stdout).toBe(
      [
        'NAME                  SHORTNAMES   APIVERSION   NAMESPACED   KIND                 VERBS',
        `controllerrevisions                apps/v1      true         ControllerRevision   ${verbs}`,
        `daemonsets            ds           apps/v1      true         DaemonSet            ${verbs}`,
        `deployments           deploy       apps/v1      true         Deployment           ${verbs}`,
        `replicasets           rs           apps/v1      true         ReplicaSet           ${verbs}`,
        `statefulsets          sts          apps/v1      true         StatefulSet          ${verbs}`,
        '',
      ].join('\n'),
    );
  });

  it('cluster-info names the control plane in colour, as kubectl does even when piped', async () => {
    expect((await c.kubectl('cluster-info')).stdout).toBe(
      [
        `\x1b[0;32mKubernetes control plane\x1b[0m is running at \x1b[0;33mhttp://127.0.0.1:${c.port}\x1b[0m`,
        '',
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.",
        '',
      ].join('\n'),
    );
  });
});

/**
 * `kubectl describe configmap` output with the entries of its Data section (`key:`, `----`, the value) sorted by
 * key, everything else as printed. Go's map iteration order is random, so two runs print the entries in either order.
 */
function sortDescribedData(output: string): string {
  const section = /^Data\n====\n([\s\S]*?)(?=^Events:)/m.exec(output);
  if (!section) return output;
  const entries = section[1]!.split(/^(?=[^\n]*:\n----\n)/m).filter((entry) => entry !== '');
  const sorted = [...entries].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join('');
  return output.slice(0, section.index) + 'Data\n====\n' + sorted + output.slice(section.index + section[0].length);
}
