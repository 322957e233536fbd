import { describe, expect, it } from 'vitest';
import { clusterHosts } from './hosts-file.js';

describe('clusterHosts', () => {
  it('maps services to their ClusterIP and headless services to their ready pods', () => {
    const text = clusterHosts(
      [
        { metadata: { name: 'web', namespace: 'default' }, spec: { clusterIP: '10.96.12.34' } },
        { metadata: { name: 'db', namespace: 'shop' }, spec: { clusterIP: 'None' } },
        {
          metadata: { name: 'ext', namespace: 'default' },
          spec: { type: 'ExternalName', externalName: 'example.com' },
        },
      ],
      [
        {
          metadata: { name: 'db', namespace: 'shop' },
          subsets: [
            {
              addresses: [{ ip: '10.244.0.7', hostname: 'db-0' }, { ip: '10.244.0.5' }],
              notReadyAddresses: [{ ip: '10.244.0.9' }],
            },
          ],
        },
      ],
    );
    expect(text).toBe(
      [
        '10.96.12.34 web.default.svc.cluster.local',
        '10.244.0.5 db.shop.svc.cluster.local',
        '10.244.0.7 db.shop.svc.cluster.local',
        '10.244.0.7 db-0.db.shop.svc.cluster.local',
        '',
      ].join('\n'),
    );
  });
});
