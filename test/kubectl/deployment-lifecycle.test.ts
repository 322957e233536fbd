// The Deployment behaviours the issue lists, through the real kubectl 1.20, beyond rollout.test.ts: pause/resume,
// history with revisions, undo to a revision, Recreate, progress deadline, wait, edit, foreground and orphan
// deletion, and the events a real cluster records for them. The test stand-in kubelet makes bound pods Running/Ready.
// Outputs are asserted whole; generated pod suffixes (random) are replaced by `xxxxx`, ReplicaSet hashes are ours
// (same algorithm as upstream, different input encoding: docs/kubernetes-controllers.md) and stable.
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually as eventuallyWithin, startCluster, type Cluster } from './harness.js';
import { deploymentYaml } from './manifests.js';

let c: Cluster;

beforeAll(async () => {
  c = await startCluster({ fakeKubelet: true });
});

afterAll(async () => {
  await c?.stop();
});

async function ok(args: string[] | string, stdin?: string): Promise<string> {
  const r = await c.kubectl(args, { stdin, timeoutMs: 50_000 });
  if (r.code !== 0) throw new Error(`kubectl ${String(args)} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

const eventually = (check: () => Promise<void>, timeoutMs = 15_000) => eventuallyWithin(check, timeoutMs);

/** Pod names end in five random characters from upstream's safe alphabet. */
const podSuffixes = (text: string): string => text.replace(/-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, '-xxxxx');

/**
 * `describe` computes event ages on kubectl's own (real) clock against our frozen 2021 timestamps, so ages read
 * like `5y327d` and change daily: they become `<age>`, and tabwriter padding (kubectl's, not ours) one space run.
 */
const tidy = (text: string): string =>
  podSuffixes(text)
    .replace(/\b\d+y\d+d\b/g, '<age>')
    .replace(/ {2,}/g, '  ');

/**
 * The end of `describe deploy` (tidied) for a complete rollout of the one-container manifest: template, conditions,
 * ReplicaSets and the events header.
 */
const completeRolloutTail = (app: string, image: string, rs: string): string[] => [
  'Pod Template:',
  `  Labels:  app=${app}`,
  '  Containers:',
  '  web:',
  `  Image:  ${image}`,
  '  Port:  <none>',
  '  Host Port:  <none>',
  '  Environment:  <none>',
  '  Mounts:  <none>',
  '  Volumes:  <none>',
  'Conditions:',
  '  Type  Status  Reason',
  '  ----  ------  ------',
  '  Available  True  MinimumReplicasAvailable',
  '  Progressing  True  NewReplicaSetAvailable',
  'OldReplicaSets:  <none>',
  `NewReplicaSet:  ${rs} (3/3 replicas created)`,
  'Events:',
  '  Type  Reason  Age  From  Message',
  '  ----  ------  ----  ----  -------',
];

/** `rollout status` until complete; its progress lines depend on timing, the last line does not. */
async function rolledOut(name: string): Promise<void> {
  const out = await ok(['rollout', 'status', `deploy/${name}`, '--timeout=30s']);
  expect(out.split('\n').slice(-2)).toEqual([`deployment "${name}" successfully rolled out`, '']);
}

const EDITOR = '#!/bin/sh\nsed -i "s/$FROM/$TO/" "$1"\n';

describe('Deployment rollouts through kubectl', () => {
  it('pause holds a template change back; resume rolls it out', async () => {
    expect(await ok(['apply', '-f', '-'], deploymentYaml('web', 'nginx:1.19', { replicas: 3 }))).toBe(
      'deployment.apps/web created\n',
    );
    await rolledOut('web');
    expect(await ok('rollout pause deploy/web')).toBe('deployment.apps/web paused\n');
    const again = await c.kubectl('rollout pause deploy/web');
    expect([again.code, again.stderr]).toEqual([1, 'error: deployments.apps "web" is already paused\n']);
    expect(await ok('set image deploy/web web=nginx:1.20')).toBe('deployment.apps/web image updated\n');
    // Paused: no new ReplicaSet, Progressing Unknown/DeploymentPaused, and status waits (here: until its timeout).
    const waiting = await c.kubectl('rollout status deploy/web --timeout=1s');
    expect(waiting.stdout).toBe(
      'Waiting for deployment "web" rollout to finish: 0 out of 3 new replicas have been updated...\n',
    );
    expect(waiting.stderr).toBe('error: timed out waiting for the condition\n');
    await eventually(async () => {
      expect(await ok('get rs')).toBe(
        'NAME             DESIRED   CURRENT   READY   AGE\nweb-67844cd497   3         3         3       0s\n',
      );
    });
    const paused = tidy(await ok('describe deploy web'));
    expect(paused).toContain(
      [
        'Conditions:',
        '  Type  Status  Reason',
        '  ----  ------  ------',
        '  Available  True  MinimumReplicasAvailable',
        '  Progressing  Unknown  DeploymentPaused',
        'OldReplicaSets:  web-67844cd497 (3/3 replicas created)',
        'NewReplicaSet:  <none>',
      ].join('\n'),
    );
    expect(await ok('rollout resume deploy/web')).toBe('deployment.apps/web resumed\n');
    const twice = await c.kubectl('rollout resume deploy/web');
    expect(twice.stderr).toBe('error: deployments.apps "web" is not paused\n');
    await rolledOut('web');
  });

  it('history lists revisions, shows one, and undo goes back to a chosen revision', async () => {
    await ok('set image deploy/web web=nginx:1.21 --record');
    await rolledOut('web');
    expect(await ok('rollout history deploy/web')).toBe(
      [
        'deployment.apps/web ',
        'REVISION  CHANGE-CAUSE',
        '1         <none>',
        '2         <none>',
        '3         kubectl set image deploy/web web=nginx:1.21 --record=true',
        '',
        '',
      ].join('\n'),
    );
    expect(await ok('rollout history deploy/web --revision=2')).toBe(
      [
        'deployment.apps/web with revision #2',
        'Pod Template:',
        '  Labels:\tapp=web',
        '\tpod-template-hash=7678c8f78f',
        '  Containers:',
        '   web:',
        '    Image:\tnginx:1.20',
        '    Port:\t<none>',
        '    Host Port:\t<none>',
        '    Environment:\t<none>',
        '    Mounts:\t<none>',
        '  Volumes:\t<none>',
        '',
        '',
      ].join('\n'),
    );
    const missing = await c.kubectl('rollout undo deploy/web --to-revision=9');
    expect([missing.code, missing.stderr]).toEqual([1, 'error: unable to find specified revision 9 in history\n']);
    expect(await ok('rollout undo deploy/web --to-revision=1')).toBe('deployment.apps/web rolled back\n');
    await rolledOut('web');
    expect(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).toBe(
      'nginx:1.19',
    );
    // Revision 1's ReplicaSet is current again, renumbered 4; its change-cause went with kubectl's rollback patch.
    expect(await ok('rollout history deploy/web')).toBe(
      [
        'deployment.apps/web ',
        'REVISION  CHANGE-CAUSE',
        '2         <none>',
        '3         kubectl set image deploy/web web=nginx:1.21 --record=true',
        '4         <none>',
        '',
        '',
      ].join('\n'),
    );
  });

  it('describe and events show the rolling update as a real cluster records it', async () => {
    // Surge 1 and unavailability 0 for 3 replicas (25%/25%): one pod up, one down, per step.
    const WEB_ROLLOUTS = [
      'Scaled up replica set web-67844cd497 to 3',
      'Scaled up replica set web-7678c8f78f to 1',
      'Scaled down replica set web-67844cd497 to 2',
      'Scaled up replica set web-7678c8f78f to 2',
      'Scaled down replica set web-67844cd497 to 1',
      'Scaled up replica set web-7678c8f78f to 3',
      'Scaled down replica set web-67844cd497 to 0',
      'Scaled up replica set web-65ff996fd to 1',
      'Scaled down replica set web-7678c8f78f to 2',
      'Scaled up replica set web-65ff996fd to 2',
      'Scaled down replica set web-7678c8f78f to 1',
      'Scaled up replica set web-65ff996fd to 3',
      'Scaled down replica set web-7678c8f78f to 0',
      'Scaled up replica set web-67844cd497 to 1',
      'Scaled down replica set web-65ff996fd to 2',
      'Scaled up replica set web-67844cd497 to 2',
      'Scaled down replica set web-65ff996fd to 1',
      'Scaled down replica set web-65ff996fd to 0',
    ];
    // The event recorder folds a repeated message into one event with a count, as upstream's correlator does; with
    // the test's frozen clock every event has the same time, so kubectl lists them in the server's order.
    expect(tidy(await ok('describe deploy web'))).toBe(
      [
        'Name:  web',
        'Namespace:  default',
        'CreationTimestamp:  Fri, 01 Jan 2021 12:00:00 +0000',
        'Labels:  <none>',
        'Annotations:  deployment.kubernetes.io/revision: 4',
        'Selector:  app=web',
        'Replicas:  3 desired | 3 updated | 3 total | 3 available | 0 unavailable',
        'StrategyType:  RollingUpdate',
        'MinReadySeconds:  0',
        'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
        ...completeRolloutTail('web', 'nginx:1.19', 'web-67844cd497'),
        '  Normal  ScalingReplicaSet  <age> (x2 over <age>)  deployment-controller  Scaled up replica set web-67844cd497 to 3',
        ...WEB_ROLLOUTS.slice(1).map((m) => `  Normal  ScalingReplicaSet  <age>  deployment-controller  ${m}`),
        '',
      ].join('\n'),
    );
    expect(await ok('get events --field-selector involvedObject.name=web,involvedObject.kind=Deployment')).toBe(
      [
        'LAST SEEN   TYPE     REASON              OBJECT           MESSAGE',
        ...WEB_ROLLOUTS.map((m) => `0s          Normal   ScalingReplicaSet   deployment/web   ${m}`),
        '',
      ].join('\n'),
    );
  });

  it('Recreate scales the old ReplicaSet to 0 before the new one comes up', async () => {
    const manifest = deploymentYaml('rec', 'nginx:1.19', { replicas: 3, strategy: 'Recreate' });
    expect(await ok(['apply', '-f', '-'], manifest)).toBe('deployment.apps/rec created\n');
    await rolledOut('rec');
    await ok('set image deploy/rec web=nginx:1.20');
    await rolledOut('rec');
    expect(await ok('get events --field-selector involvedObject.name=rec')).toBe(
      [
        'LAST SEEN   TYPE     REASON              OBJECT           MESSAGE',
        '0s          Normal   ScalingReplicaSet   deployment/rec   Scaled up replica set rec-66bcf6b89 to 3',
        '0s          Normal   ScalingReplicaSet   deployment/rec   Scaled down replica set rec-66bcf6b89 to 0',
        '0s          Normal   ScalingReplicaSet   deployment/rec   Scaled up replica set rec-76d7db6bb5 to 3',
        '',
      ].join('\n'),
    );
    expect(tidy(await ok('describe deploy rec'))).toBe(
      [
        'Name:  rec',
        'Namespace:  default',
        'CreationTimestamp:  Fri, 01 Jan 2021 12:00:00 +0000',
        'Labels:  <none>',
        'Annotations:  deployment.kubernetes.io/revision: 2',
        'Selector:  app=rec',
        'Replicas:  3 desired | 3 updated | 3 total | 3 available | 0 unavailable',
        'StrategyType:  Recreate',
        'MinReadySeconds:  0',
        ...completeRolloutTail('rec', 'nginx:1.20', 'rec-76d7db6bb5'),
        '  Normal  ScalingReplicaSet  <age>  deployment-controller  Scaled up replica set rec-66bcf6b89 to 3',
        '  Normal  ScalingReplicaSet  <age>  deployment-controller  Scaled down replica set rec-66bcf6b89 to 0',
        '  Normal  ScalingReplicaSet  <age>  deployment-controller  Scaled up replica set rec-76d7db6bb5 to 3',
        '',
      ].join('\n'),
    );
  });

  it('wait --for=condition=available, then edit changes replicas through a patch', async () => {
    expect(await ok('wait --for=condition=available deploy/rec --timeout=20s')).toBe(
      'deployment.apps/rec condition met\n',
    );
    const editor = c.file('editor.sh', EDITOR);
    const env = { KUBE_EDITOR: `sh ${editor}`, FROM: 'replicas: 3', TO: 'replicas: 2' };
    const edited = await c.kubectl('edit deploy rec', { env });
    expect([edited.stdout, edited.stderr]).toEqual(['deployment.apps/rec edited\n', '']);
    expect(await ok(['get', 'deploy', 'rec', '-o', 'jsonpath={.spec.replicas}'])).toBe('2');
    const unchanged = await c.kubectl('edit deploy rec', { env: { KUBE_EDITOR: 'true' } });
    expect(unchanged.stderr).toBe('Edit cancelled, no changes made.\n');
    const bad = await c.kubectl('edit deploy rec', {
      env: { KUBE_EDITOR: `sh ${editor}`, FROM: 'app: rec$', TO: 'app: other' },
    });
    expect([bad.code, bad.stderr.replace(/kubectl-edit-\w+\.yaml/, 'kubectl-edit-x.yaml')]).toEqual([
      1,
      [
        'error: deployments.apps "rec" is invalid',
        `A copy of your changes has been stored to "${tmpdir()}/kubectl-edit-x.yaml"`,
        'error: Edit cancelled, no valid changes were saved.',
        '',
      ].join('\n'),
    ]);
  });

  it('delete --cascade=foreground waits for the pods; --cascade=orphan leaves the ReplicaSet ownerless', async () => {
    expect(await ok('delete deploy rec --cascade=foreground')).toBe('deployment.apps "rec" deleted\n');
    const left = await c.kubectl('get rs,pods -l app=rec');
    expect([left.stdout, left.stderr]).toEqual(['', 'No resources found in default namespace.\n']);
    expect(await ok('delete deploy web --cascade=orphan')).toBe('deployment.apps "web" deleted\n');
    await eventually(async () => {
      expect(await ok(['get', 'rs', '-l', 'app=web', '-o', 'jsonpath={.items[*].metadata.ownerReferences}'])).toBe('');
    });
    expect(await ok('get rs -l app=web')).toBe(
      [
        'NAME             DESIRED   CURRENT   READY   AGE',
        'web-65ff996fd    0         0         0       0s',
        'web-67844cd497   3         3         3       0s',
        'web-7678c8f78f   0         0         0       0s',
        '',
      ].join('\n'),
    );
  });
});
