import { describe, expect, it } from 'vitest';
import { runLint, step } from '../testing/lesson-fixture.js';
import { kubernetesObjects, manifestObjects } from './kubernetes-objects.js';

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx-service\n';
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx-deployment\n';

describe('kubernetesObjects', () => {
  it('reports each kind of check naming an object the lesson never creates, at the name, with what it creates', () => {
    const checks = `
- id: svc-exists
  check: kubernetes.exists
  kind: Service
  name: web-svc
- id: replicas
  check: kubernetes.field
  kind: Deployment
  name: web
  path: spec.replicas
  equals: 3
- id: rolled
  check: kubernetes.rollout-complete
  deployment: web
- id: image
  check: kubernetes.image-in-use
  deployment: web
  image: nginx
- id: selects
  check: kubernetes.service-selects-ready-pods
  service: web-svc`;
    const errors = runLint(kubernetesObjects, {
      body: step('Apply it', checks, 'kubectl apply -f app.yaml'),
      files: { 'app.yaml': `${SERVICE}---\n${DEPLOYMENT}` },
    });
    const creates = '(it creates: Service nginx-service, Deployment nginx-deployment)';
    const none = 'but no file or command of this lesson creates it';
    expect(errors).toEqual([
      `lessons/demo/lesson.md:15:9 error: check "svc-exists" looks for Service web-svc, ${none} ${creates}`,
      `lessons/demo/lesson.md:19:9 error: check "replicas" looks for Deployment web, ${none} ${creates}`,
      `lessons/demo/lesson.md:24:15 error: check "rolled" looks for Deployment web, ${none} ${creates}`,
      `lessons/demo/lesson.md:27:15 error: check "image" looks for Deployment web, ${none} ${creates}`,
      `lessons/demo/lesson.md:31:12 error: check "selects" looks for Service web-svc, ${none} ${creates}`,
    ]);
  });

  it('says so when the lesson creates no object at all', () => {
    const checks = '- id: ns\n  check: kubernetes.exists\n  kind: Namespace\n  name: dev';
    expect(runLint(kubernetesObjects, { body: step('Make it', checks) })).toEqual([
      'lessons/demo/lesson.md:15:9 error: check "ns" looks for Namespace dev, but no file or command of this lesson creates it (it creates no Kubernetes objects)',
    ]);
  });

  it('accepts objects from files/, file= blocks, here-documents and kubectl commands, and skips what the cluster names', () => {
    const wanted: [string, string][] = [
      ['Deployment', 'nginx-deployment'],
      ['Service', 'nginx-service'],
      ['Endpoints', 'nginx-service'],
      ['ConfigMap', 'from-block'],
      ['Secret', 'from-list'],
      ['Job', 'from-heredoc'],
      ['Deployment', 'made'],
      ['Service', 'made-svc'],
      ['Service', 'exposed'],
      ['Service', 'named'],
      ['ConfigMap', 'settings'],
      ['Secret', 'password'],
      ['Namespace', 'dev'],
      ['Namespace', 'default'],
      ['Service', 'kubernetes'],
      ['Pod', 'anything'],
      ['ReplicaSet', 'nginx-deployment-abc'],
      ['Event', 'x'],
      ['Node', 'wharf'],
    ];
    const checks = wanted
      .map(([kind, name], i) => `- id: c${i}\n  check: kubernetes.exists\n  kind: ${kind}\n  name: ${name}`)
      .join('\n');
    const block = ['```yaml file=cm.yaml', 'kind: ConfigMap', 'metadata:', '  name: from-block', '```', ''].join('\n');
    const solution = [
      'kubectl apply -f - <<EOF',
      'kind: Job',
      'metadata: {name: from-heredoc}',
      'EOF',
      'kubectl create deployment made --image=nginx',
      'kubectl create service clusterip made-svc --tcp=80:80',
      'kubectl expose deployment/made --name=exposed --port 80',
      'kubectl expose deployment made --port 80 --name named',
      'kubectl -n dev create configmap settings --from-literal=a=b',
      'kubectl create secret generic password --from-literal=p=q',
      'kubectl create namespace dev',
      'kubectl run client --image=busybox --restart=Never',
    ].join('\n');
    const errors = runLint(kubernetesObjects, {
      body: step('Apply it', checks, solution, block),
      files: {
        'app.yaml': `${SERVICE}---\n${DEPLOYMENT}`,
        'list.yml': 'kind: List\nitems:\n  - kind: Secret\n    metadata:\n      name: from-list\n',
        'broken.yaml': 'kind: [',
      },
    });
    expect(errors).toEqual([]);
  });

  it('reads every document of a manifest, List items too, and skips what is not an object', () => {
    expect(manifestObjects(`${SERVICE}---\n${DEPLOYMENT}---\nplain: text\n---\n- a\n---\n`)).toEqual([
      { kind: 'Service', name: 'nginx-service' },
      { kind: 'Deployment', name: 'nginx-deployment' },
    ]);
  });
});
