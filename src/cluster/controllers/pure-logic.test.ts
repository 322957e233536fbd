import { describe, expect, it } from 'vitest';
import { resolveFenceposts, scaledValue } from './int-or-percent.js';
import { podTemplateHash, fnv32aInit, fnv32aUpdate } from './pod-template-hash.js';
import { generateName, safeEncode, SAFE_ALPHABET } from '../objects/generated-names.js';
import {
  equalIgnoreHash,
  findActiveOrLatest,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  proportion,
} from './deployment-replicas.js';
import { REVISION, REVISION_HISTORY, setNewReplicaSetAnnotations } from './deployment-annotations.js';
import { compareForDeletion } from './pod-util.js';
import { setCondition } from './conditions.js';
import { rolloutStatus } from './deployment-status.js';
import { selectorMatches } from '../machinery/label-selector.js';
import type { Deployment, Pod, ReplicaSet } from '../objects/index.js';

function deploy(replicas: number, surge?: number | string, unavailable?: number | string): Deployment {
  return {
    metadata: { name: 'web', namespace: 'default', generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } },
    },
  };
}

function rs(name: string, replicas: number, created: string, extra: Partial<ReplicaSet['status']> = {}): ReplicaSet {
  return {
    metadata: { name, creationTimestamp: created, annotations: {} },
    spec: { replicas, selector: {}, template: {} },
    status: { replicas, ...extra },
  };
}

describe('maxSurge / maxUnavailable', () => {
  it('round surge up and unavailability down like upstream', () => {
    expect(resolveFenceposts('25%', '25%', 10)).toEqual({ surge: 3, unavailable: 2 });
    expect(resolveFenceposts('25%', '25%', 1)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts(0, 0, 5)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts('0%', '0%', 5)).toEqual({ surge: 0, unavailable: 1 });
  });
  it('defaults to 25% and caps unavailability at replicas', () => {
    expect(maxSurge(deploy(4))).toBe(1);
    expect(maxUnavailable(deploy(4))).toBe(1);
    expect(maxUnavailable(deploy(2, 0, 5))).toBe(2);
    expect(maxUnavailable(deploy(0))).toBe(0);
  });
  it('rejects a malformed percentage', () => {
    expect(() => scaledValue('25 %', 4, true)).toThrow(/must be an integer or percentage/);
  });
});

describe('new RS sizing', () => {
  it('grows the new RS only up to replicas + maxSurge in total', () => {
    const d = deploy(10, 3, 2);
    const old = rs('old', 10, '2021-01-01T00:00:00Z');
    const fresh = rs('new', 0, '2021-01-01T00:01:00Z');
    expect(newRSNewReplicas(d, [old, fresh], fresh)).toBe(3);
    const grown = rs('new', 3, '2021-01-01T00:01:00Z');
    expect(newRSNewReplicas(d, [old, grown], grown)).toBe(3);
    const shrunk = rs('old', 5, '2021-01-01T00:00:00Z');
    expect(newRSNewReplicas(d, [shrunk, grown], grown)).toBe(8);
  });
  it('Recreate jumps straight to spec.replicas', () => {
    const d = deploy(4);
    d.spec.strategy = { type: 'Recreate' };
    const fresh = rs('new', 0, '2021-01-01T00:01:00Z');
    expect(newRSNewReplicas(d, [fresh], fresh)).toBe(4);
  });
  it('finds the only active RS, or none when two are active', () => {
    const a = rs('a', 0, '2021-01-01T00:00:00Z');
    const b = rs('b', 2, '2021-01-01T00:01:00Z');
    expect(findActiveOrLatest(undefined, [a, b])?.metadata.name).toBe('b');
    expect(findActiveOrLatest(rs('n', 1, '2021-01-01T00:02:00Z'), [a, b])).toBeUndefined();
    expect(findActiveOrLatest(undefined, [a, rs('c', 0, '2021-01-01T00:03:00Z')])?.metadata.name).toBe('c');
  });
  it('spreads a scale-up proportionally to each RS share', () => {
    const d = deploy(20, 3, 2);
    const a = rs('a', 8, '2021-01-01T00:00:00Z');
    a.metadata.annotations = { 'deployment.kubernetes.io/max-replicas': '13' };
    // 8/13 of the new maximum of 23 is 14.15 -> 14, i.e. +6 but never more than what is left to give.
    expect(proportion(a, d, 10, 0)).toBe(6);
    expect(proportion(a, d, 10, 7)).toBe(3);
  });
});

describe('pod-template-hash and names', () => {
  it('renders FNV-32a through the safe alphabet, stable across key order', () => {
    // Known FNV-32a vector: "a" -> 0xe40c292c.
    expect(fnv32aUpdate(fnv32aInit(), new TextEncoder().encode('a'))).toBe(0xe40c292c);
    expect(safeEncode('0123456789')).toBe('456789bcdf');
    const t1 = { metadata: { labels: { app: 'web', tier: 'x' } }, spec: { containers: [{ name: 'c', image: 'a' }] } };
    const t2 = { spec: { containers: [{ image: 'a', name: 'c' }] }, metadata: { labels: { tier: 'x', app: 'web' } } };
    expect(podTemplateHash(t1)).toBe(podTemplateHash(t2));
    expect(podTemplateHash(t1)).toMatch(/^[456789bcdf]{1,10}$/);
    expect(podTemplateHash(t1)).not.toBe(podTemplateHash(t1, 1));
    expect(podTemplateHash(t1)).not.toBe(podTemplateHash({ ...t1, spec: { containers: [{ name: 'c', image: 'b' }] } }));
  });
  it('generates 5 safe characters after the prefix', () => {
    const name = generateName('web-66b6c48dd5-');
    expect(name).toMatch(new RegExp(`^web-66b6c48dd5-[${SAFE_ALPHABET}]{5}$`));
    expect(generateName('x'.repeat(70) + '-')).toHaveLength(63);
  });
  it('ignores only the hash label when comparing templates', () => {
    const a = { metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } }, spec: { containers: [] } };
    const b = { metadata: { labels: { app: 'web' } }, spec: { containers: [] } };
    expect(equalIgnoreHash(a, b)).toBe(true);
    expect(equalIgnoreHash(a, { metadata: { labels: { app: 'other' } }, spec: { containers: [] } })).toBe(false);
  });
});

describe('revisions', () => {
  it('moves the old revision into revision-history on rollback', () => {
    const d = deploy(3);
    const r = rs('web-1', 0, '2021-01-01T00:00:00Z');
    r.metadata.annotations = { [REVISION]: '1' };
    expect(setNewReplicaSetAnnotations(d, r, 3, true, 1)).toBe(true);
    expect(r.metadata.annotations[REVISION]).toBe('3');
    expect(r.metadata.annotations[REVISION_HISTORY]).toBe('1');
    r.metadata.annotations[REVISION] = '3';
    setNewReplicaSetAnnotations(d, r, 5, true, 1);
    expect(r.metadata.annotations[REVISION_HISTORY]).toBe('1,3');
  });
  it('stamps replica annotations and change-cause on a new RS', () => {
    const d = deploy(4);
    d.metadata.annotations = { 'kubernetes.io/change-cause': 'v2', [REVISION]: '7' };
    const r = rs('web-2', 0, '2021-01-01T00:00:00Z');
    setNewReplicaSetAnnotations(d, r, 2, false, 1);
    expect(r.metadata.annotations).toEqual({
      'kubernetes.io/change-cause': 'v2',
      [REVISION]: '2',
      'deployment.kubernetes.io/desired-replicas': '4',
      'deployment.kubernetes.io/max-replicas': '5',
    });
  });
});

describe('pod ranking for deletion', () => {
  const pod = (
    name: string,
    phase: 'Pending' | 'Running',
    ready: boolean,
    node = 'wharf',
    created = '2021-01-01T00:00:00Z',
  ): Pod => ({
    metadata: { name, creationTimestamp: created },
    spec: { containers: [], nodeName: node || undefined },
    status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: created }] },
  });
  it('deletes unscheduled, pending, not-ready and newer pods first', () => {
    const pods = [
      pod('old-ready', 'Running', true, 'wharf', '2021-01-01T00:00:00Z'),
      pod('new-ready', 'Running', true, 'wharf', '2021-01-01T00:05:00Z'),
      pod('not-ready', 'Running', false),
      pod('pending', 'Pending', false),
      pod('unscheduled', 'Pending', false, ''),
    ];
    expect(pods.sort((a, b) => compareForDeletion(a, b)).map((p) => p.metadata.name)).toEqual([
      'unscheduled',
      'pending',
      'not-ready',
      'new-ready',
      'old-ready',
    ]);
  });
});

describe('conditions and rollout status', () => {
  it('keeps lastTransitionTime when only the reason changes', () => {
    const c1 = setCondition([], {
      type: 'Progressing',
      status: 'True',
      reason: 'A',
      lastTransitionTime: 't1',
      lastUpdateTime: 't1',
    });
    const c2 = setCondition(c1, {
      type: 'Progressing',
      status: 'True',
      reason: 'B',
      lastTransitionTime: 't2',
      lastUpdateTime: 't2',
    });
    expect(c2[0]).toMatchObject({ reason: 'B', lastTransitionTime: 't1', lastUpdateTime: 't2' });
    expect(setCondition(c2, { type: 'Progressing', status: 'True', reason: 'B', lastUpdateTime: 't3' })).toBe(c2);
  });
  it('reports complete, then times out a stuck rollout', () => {
    const d = deploy(2);
    const r = rs('web-x', 2, '2021-01-01T00:00:00Z', { availableReplicas: 2, readyReplicas: 2 });
    const done = rolloutStatus(d, [r], r, Date.UTC(2021, 0, 1));
    expect(done.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
    expect(done.conditions?.[1]?.message).toBe('ReplicaSet "web-x" has successfully progressed.');

    const stuck = deploy(2);
    stuck.spec.progressDeadlineSeconds = 10;
    stuck.status = {
      replicas: 2,
      updatedReplicas: 2,
      conditions: [
        { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: '2021-01-01T00:00:00Z' },
      ],
    };
    const bad = rs('web-y', 2, '2021-01-01T00:00:00Z', { availableReplicas: 0 });
    const t = Date.UTC(2021, 0, 1, 0, 0, 11);
    const out = rolloutStatus(stuck, [bad], bad, t);
    expect(out.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: 'ReplicaSet "web-y" has timed out progressing.',
    });
  });
});

describe('label selectors', () => {
  it('supports matchLabels and every matchExpressions operator', () => {
    const labels = { app: 'web', tier: 'fe' };
    expect(selectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }] }, labels)).toBe(
      true,
    );
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['fe'] }] }, labels)).toBe(
      false,
    );
    expect(selectorMatches({ matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'x', operator: 'Exists' }] }, labels)).toBe(false);
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches(undefined, labels)).toBe(false);
  });
});
