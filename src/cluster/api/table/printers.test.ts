import { describe, expect, it } from 'vitest';
import type { StoredObject } from '../../store/index.js';
import { eventRow, resourceQuotaRow } from './core-printers.js';
import { podRow } from './pod-printer.js';
import { formatEndpoints, serviceRow } from './service-printers.js';
import { humanDuration } from './human-duration.js';
import { deploymentRow, formatLabelSelector } from './workload-printers.js';

const NOW = Date.UTC(2021, 0, 10);
const ago = (ms: number): string => new Date(NOW - ms).toISOString().replace('.000Z', 'Z');
const obj = (o: Record<string, unknown>): StoredObject => o as StoredObject;

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  it.each([
    [0, '0s'],
    [-1500, '0s'],
    [-5000, '<invalid>'],
    [119_000, '119s'],
    [125_000, '2m5s'],
    [600_000, '10m'],
    [179 * 60_000, '179m'],
    [3 * 3600_000 + 20 * 60_000, '3h20m'],
    [8 * 3600_000 + 59 * 60_000, '8h'],
    [50 * 3600_000, '2d2h'],
    [9 * 86400_000, '9d'],
    [800 * 86400_000, '2y70d'],
    [9 * 365 * 86400_000, '9y'],
  ])('%i ms -> %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('table rows', () => {
  it('pod STATUS follows the container states like printPod', () => {
    const base = {
      metadata: { name: 'p', creationTimestamp: ago(65_000) },
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
    };
    const waiting = podRow(
      obj({
        ...base,
        status: {
          phase: 'Pending',
          containerStatuses: [
            { name: 'a', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } },
            { name: 'b', ready: true, restartCount: 1, state: { running: {} } },
          ],
        },
      }),
      NOW,
    );
    expect(waiting.slice(0, 5)).toEqual(['p', '1/2', 'CrashLoopBackOff', 3, '65s']);
    const init = podRow(
      obj({
        ...base,
        spec: { ...base.spec, initContainers: [{ name: 'i' }] },
        status: { phase: 'Pending', initContainerStatuses: [{ name: 'i', state: { running: {} } }] },
      }),
      NOW,
    );
    expect(init[2]).toBe('Init:0/1');
    const terminating = podRow(
      obj({ ...base, metadata: { ...base.metadata, deletionTimestamp: ago(0) }, status: { phase: 'Running' } }),
      NOW,
    );
    expect(terminating[2]).toBe('Terminating');
    expect(terminating.slice(5)).toEqual(['<none>', '<none>', '<none>', '<none>']);
  });

  it('service ports and external IPs print like upstream', () => {
    const row = serviceRow(
      obj({
        metadata: { name: 's', creationTimestamp: ago(0) },
        spec: {
          type: 'NodePort',
          clusterIP: '10.96.3.4',
          ports: [
            { port: 80, nodePort: 30080, protocol: 'TCP' },
            { port: 53, protocol: 'UDP' },
          ],
          selector: { b: '2', a: '1' },
        },
      }),
      NOW,
    );
    expect(row).toEqual(['s', 'NodePort', '10.96.3.4', '<none>', '80:30080/TCP,53/UDP', '0s', 'a=1,b=2']);
    const lb = serviceRow(
      obj({ metadata: { name: 'l' }, spec: { type: 'LoadBalancer', clusterIP: '10.96.0.9', ports: [] } }),
      NOW,
    );
    expect(lb[3]).toBe('<pending>');
    expect(lb[4]).toBe('<none>');
  });

  it('endpoints show at most three addresses then "+ N more..."', () => {
    const ep = obj({
      metadata: { name: 'e' },
      subsets: [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }, { ip: '10.0.0.4' }],
          ports: [{ port: 80 }],
        },
      ],
    });
    expect(formatEndpoints(ep)).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...');
    expect(formatEndpoints(obj({ metadata: { name: 'e' } }))).toBe('<none>');
  });

  it('deployments print READY as ready/desired and the selector in wide', () => {
    const row = deploymentRow(
      obj({
        metadata: { name: 'web', creationTimestamp: ago(300_000) },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: { spec: { containers: [{ name: 'n', image: 'nginx' }] } },
        },
        status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
      }),
      NOW,
    );
    expect(row).toEqual(['web', '2/3', 3, 2, '5m', 'n', 'nginx', 'app=web']);
    expect(formatLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['a', 'b'] }] })).toBe(
      'tier notin (a,b)',
    );
  });

  it('events name the object kind/name and the source', () => {
    const row = eventRow(
      obj({
        metadata: { name: 'web.1' },
        involvedObject: { kind: 'Deployment', name: 'web' },
        reason: 'ScalingReplicaSet',
        message: 'Scaled up replica set web-1 to 1 ',
        type: 'Normal',
        source: { component: 'deployment-controller' },
        firstTimestamp: ago(60_000),
        lastTimestamp: ago(30_000),
        count: 2,
      }),
      NOW,
    );
    expect(row).toEqual([
      '30s',
      'Normal',
      'ScalingReplicaSet',
      'deployment/web',
      '',
      'deployment-controller',
      'Scaled up replica set web-1 to 1',
      '60s',
      2,
      'web.1',
    ]);
  });

  it('resource quotas: used/hard per resource, sorted, limits.* in the LIMIT column', () => {
    const quota = obj({
      metadata: { name: 'q', creationTimestamp: ago(90_000) },
      status: {
        hard: { pods: '4', 'limits.memory': '1Gi', 'requests.cpu': '1' },
        used: { pods: '2', 'requests.cpu': '500m' },
      },
    });
    expect(resourceQuotaRow(quota, NOW)).toEqual([
      'q',
      '90s',
      'pods: 2/4, requests.cpu: 500m/1',
      'limits.memory: 0/1Gi',
    ]);
  });
});
