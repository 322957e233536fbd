import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startCluster, type Cluster } from './harness.js';

/**
 * Bad input through the real kubectl 1.20, each with the exact message a real cluster gives: broken YAML and wrong
 * types (kubectl's own checks, then the server's decoder with --validate=false), unknown fields, invalid names and
 * values, forbidden and immutable updates, stale writes, and a Deployment that misses its progress deadline.
 * Controllers run without a scheduler: pods stay Pending, so nothing ever becomes available.
 */
let c: Cluster;
beforeAll(async () => {
  c = await startCluster({ controllers: ['deployment', 'replicaset', 'garbagecollector', 'namespace'] });
});
afterAll(() => c.stop());

const configMap = (body: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n${body}`;

describe('malformed manifests', () => {
  it('broken YAML is refused by kubectl before anything is sent', async () => {
    const path = c.file('broken.yaml', configMap('data:\n  a: 1\n b: 2\n'));
    const r = await c.kubectl(['apply', '-f', path]);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      1,
      '',
      `error: error parsing ${path}: error converting YAML to JSON: yaml: line 6: did not find expected key\n`,
    ]);
  });

  it('a wrong type fails schema validation, and with --validate=false the server decoder', async () => {
    const path = c.file('list.yaml', configMap('data:\n- a\n'));
    expect((await c.kubectl(['apply', '-f', path])).stderr).toBe(
      `error: error validating "${path}": error validating data: ValidationError(ConfigMap.data): invalid type for io.k8s.api.core.v1.ConfigMap.data: got "array", expected "map"; if you choose to ignore these errors, turn validation off with --validate=false\n`,
    );
    expect((await c.kubectl(['apply', '--validate=false', '-f', path])).stderr).toBe(
      `Error from server (BadRequest): error when creating "${path}": ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal array into Go struct field ConfigMap.data of type map[string]string\n`,
    );
  });

  it('unknown fields pass with --validate=false and are dropped by the server, as in 1.20', async () => {
    const path = c.file('typo.yaml', configMap('data:\n  a: "1"\ndatta:\n  b: "2"\n'));
    expect((await c.kubectl(['apply', '-f', path])).stderr).toBe(
      `error: error validating "${path}": error validating data: ValidationError(ConfigMap): unknown field "datta" in io.k8s.api.core.v1.ConfigMap; if you choose to ignore these errors, turn validation off with --validate=false\n`,
    );
    expect((await c.kubectl(['apply', '--validate=false', '-f', path])).stdout).toBe('configmap/cfg created\n');
    expect((await c.kubectl(['get', 'cm', 'cfg', '-o', 'jsonpath={.data}|{.datta}'])).stdout).toBe('{"a":"1"}|');
  });

  it('a kind the server does not serve in that version', async () => {
    const path = c.file('old.yaml', 'apiVersion: apps/v1beta1\nkind: Deployment\nmetadata:\n  name: old\n');
    expect((await c.kubectl(['apply', '-f', path])).stderr).toBe(
      `error: unable to recognize "${path}": no matches for kind "Deployment" in version "apps/v1beta1"\n`,
    );
  });
});

describe('invalid values', () => {
  it('names: DNS-1035 for services, RFC 1123 labels for namespaces', async () => {
    expect((await c.kubectl('create service clusterip Web --tcp=80')).stderr).toBe(
      `error: failed to create ClusterIP service: The Service "Web" is invalid: metadata.name: Invalid value: "Web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')\n`,
    );
    expect((await c.kubectl('create namespace team.a')).stderr).toBe(
      `The Namespace "team.a" is invalid: metadata.name: Invalid value: "team.a": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n`,
    );
  });

  it('negative replicas and a bad label value', async () => {
    expect((await c.kubectl('create deployment neg --image=nginx --replicas=-1')).stderr).toBe(
      'error: failed to create deployment: The Deployment "neg" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    );
    // `kubectl label` checks values itself; a manifest reaches the server's validation.
    const path = c.file(
      'label.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lbl\n  labels:\n    tier: front end\n',
    );
    expect((await c.kubectl(['apply', '-f', path])).stderr).toBe(
      `The ConfigMap "lbl" is invalid: metadata.labels: Invalid value: "front end": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n`,
    );
  });
});

describe('updates the server refuses', () => {
  it('a StatefulSet spec field other than replicas, template and updateStrategy', async () => {
    const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: redis
`;
    expect((await c.kubectl(['apply', '-f', '-'], { stdin: sts })).stdout).toBe('statefulset.apps/db created\n');
    const r = await c.kubectl(['patch', 'sts', 'db', '-p', '{"spec":{"serviceName":"other"}}']);
    expect(r.stderr).toBe(
      `The StatefulSet "db" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'template', and 'updateStrategy' are forbidden\n`,
    );
  });

  it('a patch carrying a stale resourceVersion is a Conflict', async () => {
    const rv = (await c.kubectl(['get', 'cm', 'cfg', '-o', 'jsonpath={.metadata.resourceVersion}'])).stdout;
    await c.kubectl(['label', 'cm', 'cfg', 'x=1']);
    const r = await c.kubectl([
      'patch',
      'cm',
      'cfg',
      '--type=merge',
      '-p',
      JSON.stringify({ metadata: { resourceVersion: rv }, data: { a: '2' } }),
    ]);
    expect([r.code, r.stderr]).toEqual([
      1,
      'Error from server (Conflict): Operation cannot be fulfilled on configmaps "cfg": the object has been modified; please apply your changes to the latest version and try again\n',
    ]);
  });

  it('verbs on objects that do not exist', async () => {
    expect((await c.kubectl('delete deploy nope')).stderr).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found\n',
    );
    expect((await c.kubectl('scale deploy nope --replicas=2')).stderr).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found\n',
    );
  });
});

describe('progress deadline', () => {
  it('a Deployment whose pods never become available exceeds its deadline; rollout status fails', async () => {
    expect((await c.kubectl('create deployment slow --image=nginx')).stdout).toBe('deployment.apps/slow created\n');
    await c.kubectl(['patch', 'deploy', 'slow', '-p', '{"spec":{"progressDeadlineSeconds":30}}']);
    c.clock.advance(31_000);
    try {
      await eventually(async () => {
        const r = await c.kubectl([
          'get',
          'deploy',
          'slow',
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}',
        ]);
        expect(r.stdout).toBe('ProgressDeadlineExceeded');
      });
      const status = await c.kubectl('rollout status deploy/slow');
      expect([status.code, status.stdout, status.stderr]).toEqual([
        1,
        '',
        'error: deployment "slow" exceeded its progress deadline\n',
      ]);
      const message = await c.kubectl([
        'get',
        'deploy',
        'slow',
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Progressing")].message}',
      ]);
      expect(message.stdout).toMatch(/^ReplicaSet "slow-[a-z0-9]+" has timed out progressing\.$/);
    } finally {
      c.clock.offset = 0;
    }
  });
});
