import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startCluster, type Cluster } from './harness.js';
import { deploymentYaml } from './manifests.js';

/**
 * The API server's own behaviour through the real kubectl: writes, patches, validation errors, conflicts, watch,
 * OpenAPI. Controllers run but no scheduler: pods stay Pending and unbound, as on a real cluster whose node is not
 * schedulable yet, so deletions are immediate and output is deterministic.
 */
let c: Cluster;
beforeAll(async () => {
  c = await startCluster({
    controllers: ['deployment', 'replicaset', 'garbagecollector', 'namespace', 'endpoints', 'serviceaccount'],
  });
});
afterAll(() => c.stop());

const deployment = (name: string, image: string, selector = name): string =>
  deploymentYaml(name, image, { replicas: 2, selector, port: 80 });

describe('kubectl against the API server', () => {
  it('create deployment, then get it as a table once the controllers caught up', async () => {
    expect((await c.kubectl('create deployment web --image=nginx:1.19')).stdout).toBe('deployment.apps/web created\n');
    await eventually(async () => {
      const r = await c.kubectl('get deploy web');
      expect(r.stdout).toBe(
        'NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    0/1     1            0           0s\n',
      );
    });
    const rs = await c.kubectl('get rs -o wide');
    expect(rs.stdout).toMatch(
      /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\nweb-[a-z0-9]{9,10}\s+1\s+1\s+0\s+0s\s+nginx\s+nginx:1\.19\s+app=web,pod-template-hash=[a-z0-9]+\n$/,
    );
    const pods = await c.kubectl('get pods');
    expect(pods.stdout).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nweb-[a-z0-9]+-[a-z0-9]{5}\s+0\/1\s+Pending\s+0\s+0s\n$/,
    );
  });

  it('scales through the scale subresource', async () => {
    expect((await c.kubectl('scale deploy web --replicas=3')).stdout).toBe('deployment.apps/web scaled\n');
    await eventually(async () => {
      expect((await c.kubectl('get deploy web --no-headers')).stdout).toBe('web   0/3   3     0     0s\n');
    });
    const spec = await c.kubectl(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}']);
    expect(spec.stdout).toBe('3 2');
  });

  it('apply creates, is idempotent, and patches changes (3-way strategic merge)', async () => {
    const path = c.file('app.yaml', deployment('app', 'nginx:1.19'));
    expect((await c.kubectl(['apply', '-f', path])).stdout).toBe('deployment.apps/app created\n');
    expect((await c.kubectl(['apply', '-f', path])).stdout).toBe('deployment.apps/app unchanged\n');
    c.file('app.yaml', deployment('app', 'nginx:1.20'));
    expect((await c.kubectl(['apply', '-f', path])).stdout).toBe('deployment.apps/app configured\n');
    const r = await c.kubectl([
      'get',
      'deploy',
      'app',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort} {.metadata.generation}',
    ]);
    expect(r.stdout).toBe('nginx:1.20 80 2');
    const applied = await c.kubectl([
      'get',
      'deploy',
      'app',
      '-o',
      'jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}',
    ]);
    expect(JSON.parse(applied.stdout)).toMatchObject({
      kind: 'Deployment',
      metadata: { name: 'app', namespace: 'default' },
    });
  });

  it('rejects a selector change as immutable, with the upstream message', async () => {
    const path = c.file('app2.yaml', deployment('app', 'nginx:1.20', 'other'));
    const r = await c.kubectl(['apply', '-f', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        'The Deployment "app" is invalid: ',
        '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"app"}: `selector` does not match template `labels`',
        '* spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
        '',
      ].join('\n'),
    );
  });

  it('validates manifests against the served OpenAPI schema (unknown fields) and explains fields', async () => {
    const path = c.file(
      'typo.yaml',
      deployment('typo', 'nginx').replace('  replicas: 2\n', '  replicas: 2\n  replicaz: 3\n'),
    );
    const r = await c.kubectl(['apply', '-f', path]);
    expect(r.stderr).toBe(
      `error: error validating "${path}": error validating data: ValidationError(Deployment.spec): unknown field "replicaz" in io.k8s.api.apps.v1.DeploymentSpec; if you choose to ignore these errors, turn validation off with --validate=false\n`,
    );
    const e = await c.kubectl('explain deployment.spec.strategy');
    expect(e.stdout).toBe(
      [
        'KIND:     Deployment',
        'VERSION:  apps/v1',
        '',
        'RESOURCE: strategy <Object>',
        '',
        'DESCRIPTION:',
        '     The deployment strategy to use to replace existing pods with new ones.',
        '',
        '     DeploymentStrategy describes how to replace existing pods with new ones.',
        '',
        'FIELDS:',
        '   rollingUpdate\t<Object>',
        '     Rolling update config params. Present only if DeploymentStrategyType =',
        '     RollingUpdate.',
        '',
        '   type\t<string>',
        '     Type of deployment. Can be "Recreate" or "RollingUpdate". Default is',
        '     RollingUpdate.',
        '',
        '',
      ].join('\n'),
    );
  });

  it('rejects invalid names and a missing selector', async () => {
    const bad = c.file('bad.yaml', deployment('Bad_Name', 'nginx'));
    const r = await c.kubectl(['apply', '-f', bad]);
    expect(r.stderr).toBe(
      "The Deployment \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n",
    );
    const noSel = c.file(
      'nosel.yaml',
      deployment('nosel', 'nginx').replace(/ {2}selector:\n {4}matchLabels:\n {6}app: nosel\n/, ''),
    );
    const s = await c.kubectl(['apply', '--validate=false', '-f', noSel]);
    expect(s.stderr).toBe(
      [
        'The Deployment "nosel" is invalid: ',
        '* spec.selector: Required value',
        '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"nosel"}: `selector` does not match template `labels`',
        '',
      ].join('\n'),
    );
    const pod = c.file(
      'noimage.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: noimage\nspec:\n  containers:\n  - name: c\n',
    );
    expect((await c.kubectl(['create', '-f', pod])).stderr).toBe(
      'The Pod "noimage" is invalid: spec.containers[0].image: Required value\n',
    );
  });

  it('reports AlreadyExists and a stale-update Conflict', async () => {
    // kubectl's `create <generator>` words it as a failed create; the server's message is the upstream one.
    const dup = await c.kubectl('create deployment web --image=nginx');
    expect(dup.stderr).toBe('error: failed to create deployment: deployments.apps "web" already exists\n');
    const path0 = c.file('web.yaml', deployment('web', 'nginx'));
    expect((await c.kubectl(['create', '-f', path0])).stderr).toBe(
      `Error from server (AlreadyExists): error when creating "${path0}": deployments.apps "web" already exists\n`,
    );
    const current = JSON.parse((await c.kubectl('get deploy app -o json')).stdout) as {
      metadata: { resourceVersion: string };
    };
    const stale = {
      ...current,
      metadata: { ...current.metadata, resourceVersion: String(Number(current.metadata.resourceVersion) - 1) },
    };
    const path = c.file('stale.json', JSON.stringify(stale));
    const r = await c.kubectl(['replace', '-f', path]);
    expect(r.stderr).toBe(
      `Error from server (Conflict): error when replacing "${path}": Operation cannot be fulfilled on deployments.apps "app": the object has been modified; please apply your changes to the latest version and try again\n`,
    );
  });

  it('labels, annotates and patches (strategic, JSON), set image', async () => {
    expect((await c.kubectl('label deploy web tier=frontend')).stdout).toBe('deployment.apps/web labeled\n');
    expect((await c.kubectl('annotate deploy web note=hello')).stdout).toBe('deployment.apps/web annotated\n');
    expect((await c.kubectl('label deploy web tier-')).stdout).toBe('deployment.apps/web labeled\n');
    const patched = await c.kubectl([
      'patch',
      'deploy',
      'web',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.21"}]}}}}',
    ]);
    expect(patched.stdout).toBe('deployment.apps/web patched\n');
    const json = await c.kubectl([
      'patch',
      'deploy',
      'web',
      '--type=json',
      '-p',
      '[{"op":"add","path":"/spec/minReadySeconds","value":5}]',
    ]);
    expect(json.stdout).toBe('deployment.apps/web patched\n');
    const r = await c.kubectl([
      'get',
      'deploy',
      'web',
      '-o',
      'jsonpath={.metadata.labels} {.metadata.annotations.note} {.spec.template.spec.containers[0].image} {.spec.minReadySeconds}',
    ]);
    expect(r.stdout).toBe('{"app":"web"} hello nginx:1.21 5');
    expect((await c.kubectl('set image deploy/web nginx=nginx:1.22')).stdout).toBe(
      'deployment.apps/web image updated\n',
    );
  });

  it('expose allocates a ClusterIP; NodePort services get a port in 30000-32767', async () => {
    expect((await c.kubectl('expose deploy web --port=80 --target-port=8080')).stdout).toBe('service/web exposed\n');
    const r = await c.kubectl('get svc web -o wide');
    expect(r.stdout).toMatch(
      /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR\nweb\s+ClusterIP\s+10\.(9[6-9]|10\d|11[01])\.\d+\.\d+\s+<none>\s+80\/TCP\s+0s\s+app=web\n$/,
    );
    expect((await c.kubectl(['create', 'service', 'nodeport', 'np', '--tcp=80:80'])).stdout).toBe(
      'service/np created\n',
    );
    const port = Number((await c.kubectl(['get', 'svc', 'np', '-o', 'jsonpath={.spec.ports[0].nodePort}'])).stdout);
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(32767);
    const ip = (await c.kubectl(['get', 'svc', 'web', '-o', 'jsonpath={.spec.clusterIP}'])).stdout;
    const patch = await c.kubectl(['patch', 'svc', 'web', '-p', '{"spec":{"clusterIP":"10.96.7.7"}}']);
    expect(patch.stderr).toBe(
      `The Service "web" is invalid: spec.clusterIP: Invalid value: "10.96.7.7": field is immutable\n`,
    );
    expect(ip).not.toBe('10.96.7.7');
  });

  it('run makes a bare pod labelled run=NAME with pod defaults', async () => {
    expect((await c.kubectl('run bb --image=busybox:1.36 --restart=Never -- sleep 3600')).stdout).toBe(
      'pod/bb created\n',
    );
    const r = await c.kubectl([
      'get',
      'pod',
      'bb',
      '-o',
      'jsonpath={.metadata.labels.run} {.spec.restartPolicy} {.spec.containers[0].imagePullPolicy} {.spec.dnsPolicy} {.spec.terminationGracePeriodSeconds} {.status.phase} {.status.qosClass}',
    ]);
    expect(r.stdout).toBe('bb Never IfNotPresent ClusterFirst 30 Pending BestEffort');
    expect((await c.kubectl('run lt --image=nginx')).stdout).toBe('pod/lt created\n');
    expect((await c.kubectl(['get', 'pod', 'lt', '-o', 'jsonpath={.spec.containers[0].imagePullPolicy}'])).stdout).toBe(
      'Always',
    );
  });

  it('get -w prints the table, then a row per change', async () => {
    const r = await c.kubectl('get pods bb -w', {
      until: /\n.*\n.*\n/,
      onStart: () => setTimeout(() => void c.kubectl('label pod bb x=y'), 700),
    });
    expect(r.stdout).toBe(
      'NAME   READY   STATUS    RESTARTS   AGE\nbb     0/1     Pending   0          0s\nbb     0/1     Pending   0          0s\n',
    );
  });

  it('describe shows the deployment with its events', async () => {
    const r = await c.kubectl('describe deploy web');
    expect(r.stdout).toContain('Name:                   web\nNamespace:              default\n');
    expect(r.stdout).toContain('Selector:               app=web\n');
    expect(r.stdout).toContain('StrategyType:           RollingUpdate\n');
    expect(r.stdout).toContain('RollingUpdateStrategy:  25% max unavailable, 25% max surge\n');
    expect(r.stdout).toMatch(
      /Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-[a-z0-9]+ to 1/,
    );
  });

  it('dry-run=server validates without storing', async () => {
    const r = await c.kubectl('create deployment dry --image=nginx --dry-run=server');
    expect(r.stdout).toBe('deployment.apps/dry created (server dry run)\n');
    expect((await c.kubectl('get deploy dry')).stderr).toBe(
      'Error from server (NotFound): deployments.apps "dry" not found\n',
    );
  });

  it('delete removes the deployment and, through the garbage collector, its replica sets and pods', async () => {
    expect((await c.kubectl('delete deploy web')).stdout).toBe('deployment.apps "web" deleted\n');
    await eventually(async () => {
      expect((await c.kubectl('get rs -l app=web')).stderr).toBe('No resources found in default namespace.\n');
    });
    expect((await c.kubectl('delete pod bb')).stdout).toBe('pod "bb" deleted\n');
  });

  it('namespaces: create, use, delete, then gone', async () => {
    expect((await c.kubectl('create ns team')).stdout).toBe('namespace/team created\n');
    expect((await c.kubectl('create configmap cfg -n team --from-literal=a=1')).stdout).toBe('configmap/cfg created\n');
    expect((await c.kubectl('get cm -n team')).stdout).toBe('NAME   DATA   AGE\ncfg    1      0s\n');
    expect((await c.kubectl('delete ns team')).stdout).toBe('namespace "team" deleted\n');
    expect((await c.kubectl('get ns team')).stderr).toBe('Error from server (NotFound): namespaces "team" not found\n');
    const r = await c.kubectl('create configmap x -n team');
    expect(r.stderr).toBe('Error from server (NotFound): namespaces "team" not found\n');
  });
});

describe('kubectl autoscale', () => {
  it('creates an autoscaling/v1 HPA that shows <unknown> utilization without a metrics server', async () => {
    await c.kubectl('create deployment hp --image=nginx');
    expect((await c.kubectl('autoscale deploy hp --min=2 --max=5 --cpu-percent=70')).stdout).toBe(
      'horizontalpodautoscaler.autoscaling/hp autoscaled\n',
    );
    expect((await c.kubectl('get hpa')).stdout).toBe(
      'NAME   REFERENCE       TARGETS         MINPODS   MAXPODS   REPLICAS   AGE\nhp     Deployment/hp   <unknown>/70%   2         5         0          0s\n',
    );
    const path = c.file(
      'hpa.yaml',
      'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: bad\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: hp}\n  minReplicas: 3\n  maxReplicas: 2\n',
    );
    expect((await c.kubectl(['apply', '-f', path])).stderr).toBe(
      'The HorizontalPodAutoscaler "bad" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`\n',
    );
  });
});
