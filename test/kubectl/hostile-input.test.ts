import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from './harness.js';

/**
 * Issue #12's commands through the real kubectl 1.20: what a careless or hostile learner types must give the
 * error a real cluster (plus Wharf's playground limits) gives, and leave the cluster working.
 */
let c: Cluster;
beforeAll(async () => {
  c = await startCluster({ controllers: ['deployment', 'replicaset', 'garbagecollector', 'namespace'] });
});
afterAll(() => c.stop());

describe('hostile input through kubectl', () => {
  it('a JSON patch through __proto__ is refused and later creates still work', async () => {
    const patch = '[{"op":"add","path":"/metadata/__proto__/deletionTimestamp","value":"2021-01-01T00:00:00Z"}]';
    const r = await c.kubectl(['patch', 'ns', 'default', '--type=json', '-p', patch]);
    expect(r.code).toBe(1);
    // The Status carries no kind or name, so kubectl prints its generic line for 422 Invalid.
    expect(r.stderr).toBe('The request is invalid\n');
    expect((await c.kubectl('create configmap after --from-literal=a=1')).stdout).toBe('configmap/after created\n');
    expect((await c.kubectl(['get', 'ns', 'default', '-o', 'jsonpath={.status.phase}'])).stdout).toBe('Active');
  });

  it('scaling to a billion replicas is a validation error, not a frozen tab', async () => {
    await c.kubectl('create deployment web --image=nginx');
    const r = await c.kubectl('scale deploy web --replicas=1000000000');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `The Scale "web" is invalid: spec.replicas: Invalid value: 1000000000: must be less than or equal to 100 in this playground cluster (each pod is a container in the browser's VM)\n`,
    );
    expect((await c.kubectl('scale deploy web --replicas=3')).stdout).toBe('deployment.apps/web scaled\n');
  });

  it('annotations over 256 KiB are refused with the upstream field error', async () => {
    const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  annotations:\n    big: ${'x'.repeat(300 * 1024)}\n`;
    const r = await c.kubectl(['create', '-f', c.file('big.yaml', manifest)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'The ConfigMap "big" is invalid: metadata.annotations: Too long: must have at most 262144 bytes\n',
    );
  });
});
