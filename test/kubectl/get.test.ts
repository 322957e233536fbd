import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from './harness.js';

/** Read-only views of a fresh cluster: discovery, tables, output formats. No controllers run (a bare API server). */
let c: Cluster;
beforeAll(async () => {
  c = await startCluster({ controllers: [] });
});
afterAll(() => c.stop());

describe('kubectl get on a fresh cluster', () => {
  it('lists the system namespaces', async () => {
    const r = await c.kubectl('get ns');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'NAME              STATUS   AGE',
        'default           Active   0s',
        'kube-node-lease   Active   0s',
        'kube-public       Active   0s',
        'kube-system       Active   0s',
        '',
      ].join('\n'),
    );
  });

  it('shows the Ready node, wide', async () => {
    const r = await c.kubectl('get nodes -o wide');
    expect(r.stdout).toBe(
      [
        'NAME    STATUS   ROLES                  AGE   VERSION   INTERNAL-IP      EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME',
        'wharf   Ready    control-plane,master   0s    v1.20.2   192.168.86.100   <none>        Debian GNU/Linux 12 (bookworm)   6.1.0-wharf      docker://20.10.24',
        '',
      ].join('\n'),
    );
  });

  it('formats AGE like upstream as time passes', async () => {
    c.clock.advance(3 * 3600_000 + 25 * 60_000);
    const r = await c.kubectl('get ns default --no-headers');
    c.clock.offset = 0;
    expect(r.stdout).toBe('default   Active   3h25m\n');
  });

  it('serves the kubernetes service in get all and the cluster-info address', async () => {
    const all = await c.kubectl('get all');
    expect(all.stdout).toBe(
      [
        'NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
        'service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s',
        '',
      ].join('\n'),
    );
    const info = await c.kubectl('cluster-info');
    expect(info.stdout).toContain(`Kubernetes control plane`);
    expect(info.stdout).toContain(`is running at`);
    expect(info.stdout).toContain(`http://127.0.0.1:${c.port}`);
  });

  it('lists resources with short names, groups and kinds (api-resources)', async () => {
    const r = await c.kubectl('api-resources');
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/);
    const row = (name: string): string[] | undefined => lines.find((l) => l.startsWith(`${name} `))?.split(/\s+/);
    expect(row('pods')).toEqual(['pods', 'po', 'v1', 'true', 'Pod']);
    expect(row('deployments')).toEqual(['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
    expect(row('namespaces')).toEqual(['namespaces', 'ns', 'v1', 'false', 'Namespace']);
    expect(row('cronjobs')).toEqual(['cronjobs', 'cj', 'batch/v1beta1', 'true', 'CronJob']);
    expect(row('jobs')).toEqual(['jobs', 'batch/v1', 'true', 'Job']);
  });

  it('prints -o name, jsonpath, custom-columns and json', async () => {
    expect((await c.kubectl('get ns -o name')).stdout).toBe(
      'namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n',
    );
    const jp = await c.kubectl(['get', 'svc', 'kubernetes', '-o', 'jsonpath={.spec.clusterIP}:{.spec.ports[0].port}']);
    expect(jp.stdout).toBe('10.96.0.1:443');
    const cc = await c.kubectl(['get', 'svc', '-o', 'custom-columns=NAME:.metadata.name,IP:.spec.clusterIP']);
    expect(cc.stdout).toBe('NAME         IP\nkubernetes   10.96.0.1\n');
    const json = JSON.parse((await c.kubectl('get ns default -o json')).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default', creationTimestamp: '2021-01-01T12:00:00Z' },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });

  it('answers unknown names and types like a real server', async () => {
    const r = await c.kubectl('get pod nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    const t = await c.kubectl('get frobs');
    expect(t.stderr).toBe('error: the server doesn\'t have a resource type "frobs"\n');
    const ns = await c.kubectl('get pods -n nowhere');
    expect(ns.stderr).toBe('No resources found in nowhere namespace.\n');
  });

  it('supports label selectors (-l) and field selectors', async () => {
    const r = await c.kubectl(['get', 'svc', '-A', '-l', 'component=apiserver', '-o', 'name']);
    expect(r.stdout).toBe('service/kubernetes\n');
    const none = await c.kubectl(['get', 'svc', '-l', 'component=nope']);
    expect(none.stderr).toBe('No resources found in default namespace.\n');
    const f = await c.kubectl(['get', 'ns', '--field-selector', 'metadata.name=kube-public', '-o', 'name']);
    expect(f.stdout).toBe('namespace/kube-public\n');
    const bad = await c.kubectl(['get', 'pods', '--field-selector', 'spec.bogus=x']);
    expect(bad.stderr).toBe(
      'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.bogus=x": field label not supported: spec.bogus\n',
    );
    const cm = await c.kubectl(['get', 'configmaps', '--field-selector', 'data.x=y']);
    expect(cm.stderr).toBe(
      'Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match label selector "", field selector "data.x=y": "data.x" is not a known field selector: only "metadata.name", "metadata.namespace"\n',
    );
  });
});

describe('kubectl on storage and networking objects', () => {
  it('creates claims, volumes, storage classes and ingresses and prints their tables', async () => {
    const manifest = c.file(
      'objects.yaml',
      `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv1
spec:
  capacity:
    storage: 5Gi
  accessModes: [ReadWriteOnce, ReadWriteMany]
  hostPath:
    path: /data
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: kubernetes.io/no-provisioner
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - host: web.local
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
`,
    );
    const r = await c.kubectl(['apply', '-f', manifest]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'persistentvolumeclaim/data created\npersistentvolume/pv1 created\nstorageclass.storage.k8s.io/local created\ningress.networking.k8s.io/web created\n',
    );
    expect((await c.kubectl('get pvc')).stdout).toBe(
      'NAME   STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   AGE\ndata   Pending                                                     0s\n',
    );
    expect((await c.kubectl('get pv')).stdout).toBe(
      'NAME   CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS    CLAIM   STORAGECLASS   REASON   AGE\npv1    5Gi        RWO,RWX        Retain           Pending                                   0s\n',
    );
    expect((await c.kubectl('get sc')).stdout).toBe(
      'NAME              PROVISIONER                    RECLAIMPOLICY   VOLUMEBINDINGMODE   ALLOWVOLUMEEXPANSION   AGE\nlocal (default)   kubernetes.io/no-provisioner   Delete          Immediate           false                  0s\n',
    );
    expect((await c.kubectl('get ing')).stdout).toBe(
      'NAME   CLASS    HOSTS       ADDRESS   PORTS   AGE\nweb    <none>   web.local             80      0s\n',
    );
    const bad = c.file(
      'bad-ing.yaml',
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: bad\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /\n        backend:\n          service:\n            name: web\n            port:\n              number: 80\n',
    );
    expect((await c.kubectl(['apply', '--validate=false', '-f', bad])).stderr).toBe(
      'The Ingress "bad" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified\n',
    );
  });
});
