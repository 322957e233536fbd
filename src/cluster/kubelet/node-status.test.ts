import { describe, expect, it } from 'vitest';
import { nodeObject } from './node-status.js';

describe('nodeObject', () => {
  it('describes a Ready Docker node', () => {
    const node = nodeObject(
      {
        name: 'wharf',
        hostIP: '192.168.86.100',
        podCIDR: '10.244.0.0/16',
        cpus: 1,
        memoryBytes: 512 * 2 ** 20,
        kernelVersion: '6.1.0-26-686',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        architecture: '386',
        dockerVersion: '20.10.24+dfsg1',
        bootId: 'b',
        machineId: 'm',
      },
      Date.UTC(2021, 0, 1, 1),
      Date.UTC(2021, 0, 1),
    );
    expect(node.status?.capacity).toMatchObject({ cpu: '1', memory: '524288Ki', pods: '110' });
    expect(node.status?.nodeInfo).toMatchObject({
      containerRuntimeVersion: 'docker://20.10.24+dfsg1',
      kubeletVersion: 'v1.20.2',
    });
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
      lastHeartbeatTime: '2021-01-01T01:00:00Z',
      lastTransitionTime: '2021-01-01T00:00:00Z',
    });
    expect(node.status?.addresses).toContainEqual({ type: 'InternalIP', address: '192.168.86.100' });
  });
});
