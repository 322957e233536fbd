import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../cluster/api/catalog.js';
import { KUBERNETES_KINDS } from '../schema/check-kinds.js';
import { groupVersionOf, KIND_LOCATIONS, resourcePath } from './kube-api-paths.js';

describe('KIND_LOCATIONS', () => {
  it('places every kind a check may read where an API server serves it (checked against Wharf’s own catalog)', () => {
    for (const kind of KUBERNETES_KINDS) {
      const location = KIND_LOCATIONS[kind];
      const served = CATALOG.filter(
        (d) => d.kind === kind && d.group === location.group && location.versions.includes(d.version),
      );
      expect(served.length, `${kind} is served at one of ${location.versions.join(', ')}`).toBeGreaterThan(0);
      for (const def of served) {
        expect(def.resource, kind).toBe(location.resource);
        expect(def.namespaced, kind).toBe(location.namespaced);
      }
    }
  });

  it('tries CronJob at batch/v1 (Kubernetes 1.21 and later) before batch/v1beta1 (1.20, Wharf)', () => {
    expect(KIND_LOCATIONS.CronJob.versions).toEqual(['v1', 'v1beta1']);
  });
});

describe('resourcePath', () => {
  it('reads one object in its namespace, core and named groups alike', () => {
    expect(resourcePath(KIND_LOCATIONS.Pod, 'v1', { namespace: 'default', name: 'web' })).toBe(
      '/api/v1/namespaces/default/pods/web',
    );
    expect(resourcePath(KIND_LOCATIONS.Deployment, 'v1', { namespace: 'team-a', name: 'nginx-deployment' })).toBe(
      '/apis/apps/v1/namespaces/team-a/deployments/nginx-deployment',
    );
    expect(resourcePath(KIND_LOCATIONS.CronJob, 'v1beta1', { namespace: 'default' })).toBe(
      '/apis/batch/v1beta1/namespaces/default/cronjobs',
    );
  });

  it('lists a namespaced kind across all namespaces without one, and ignores the namespace of a cluster-scoped kind', () => {
    expect(resourcePath(KIND_LOCATIONS.Event, 'v1', {})).toBe('/api/v1/events');
    expect(resourcePath(KIND_LOCATIONS.Node, 'v1', { namespace: 'default', name: 'wharf' })).toBe(
      '/api/v1/nodes/wharf',
    );
    expect(resourcePath(KIND_LOCATIONS.Namespace, 'v1', { namespace: 'default' })).toBe('/api/v1/namespaces');
  });

  it('escapes names so a name cannot reach another path', () => {
    expect(resourcePath(KIND_LOCATIONS.ConfigMap, 'v1', { namespace: 'default', name: '../secrets/x' })).toBe(
      '/api/v1/namespaces/default/configmaps/..%2Fsecrets%2Fx',
    );
  });

  it('writes apiVersion as the server does', () => {
    expect(groupVersionOf('', 'v1')).toBe('v1');
    expect(groupVersionOf('apps', 'v1')).toBe('apps/v1');
  });
});
