import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { ObjectStore } from '../../store/index.js';
import { ApiError } from '../errors.js';
import { ResourceRegistry } from '../resource-registry.js';
import { seedCluster } from '../seed.js';
import { PLAYGROUND_MAX_REPLICAS } from './replica-count.js';

function setup(): ResourceRegistry {
  const clock = new FakeClock();
  const registry = new ResourceRegistry(new ObjectStore({ now: () => clock.now() }), { clock });
  seedCluster(registry);
  return registry;
}

const deployment = (replicas: unknown) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
  },
});

/** The ApiError a call throws (fails the test when it does not throw one). */
function apiError(call: () => unknown): ApiError {
  try {
    call();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('replica counts', () => {
  it('caps replicas with a 422 field error, as kubectl prints validation errors', () => {
    const r = setup();
    const error = apiError(() => r.create(r.byKey('deployments.apps'), 'default', deployment(1_000_000_000)));
    expect(error.code).toBe(422);
    expect(error.reason).toBe('Invalid');
    expect(error.message).toBe(
      `The Deployment "web" is invalid: spec.replicas: Invalid value: 1000000000: must be less than or equal to ${PLAYGROUND_MAX_REPLICAS} in this playground cluster (each pod is a container in the browser's VM)`,
    );
    expect(error.details?.causes).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.replicas', message: expect.stringContaining('Invalid value') },
    ]);
    expect(r.create(r.byKey('deployments.apps'), 'default', deployment(PLAYGROUND_MAX_REPLICAS)).metadata.name).toBe(
      'web',
    );
  });

  it('rejects numbers no int32 holds and strings in integer fields at decoding (400), storing nothing', () => {
    const r = setup();
    const def = r.byKey('deployments.apps');
    for (const [replicas, text] of [
      [1e300, 'number 1e+300'],
      [2 ** 31, 'number 2147483648'],
      ['3', 'string'],
    ] as const) {
      const error = apiError(() => r.create(def, 'default', deployment(replicas)));
      expect(error.code).toBe(400);
      expect(error.message).toBe(
        `Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal ${text} into Go struct field Deployment.spec.replicas of type int32`,
      );
    }
    expect(r.list(def, { namespace: 'default' }).items).toEqual([]);
  });

  it('applies the same bounds to the scale subresource and to Job parallelism', () => {
    const r = setup();
    const def = r.byKey('deployments.apps');
    r.create(def, 'default', deployment(1));
    const scale = apiError(() => r.patchScale(def, 'default', 'web', 'merge', { spec: { replicas: 1_000_000_000 } }));
    expect(scale.code).toBe(422);
    expect(scale.message).toMatch(
      /^The Scale "web" is invalid: spec.replicas: Invalid value: 1000000000: must be less/,
    );
    expect(apiError(() => r.patchScale(def, 'default', 'web', 'merge', { spec: { replicas: 1e300 } })).code).toBe(400);
    expect(r.get(def, 'default', 'web').spec).toMatchObject({ replicas: 1 });

    const job = apiError(() =>
      r.create(r.byKey('jobs.batch'), 'default', {
        metadata: { name: 'j' },
        spec: {
          parallelism: 5000,
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
        },
      }),
    );
    expect(job.code).toBe(422);
    expect(job.message).toContain('spec.parallelism: Invalid value: 5000: must be less than or equal to');
  });
});
