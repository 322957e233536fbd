import { describe, expect, it } from 'vitest';
import { containerName, parseContainerName } from './names.js';
import type { Pod } from '../objects/index.js';

const pod: Pod = {
  metadata: { name: 'web-7d9c-x2x4z', namespace: 'default', uid: '4f1c2a9e-0d3b-4c1e-9a77-3e0f1b2c3d4e' },
  spec: { containers: [] },
};

describe('container names', () => {
  it('follows dockershim: k8s_<container>_<pod>_<namespace>_<uid>_<attempt>', () => {
    expect(containerName(pod, 'nginx', 2)).toBe(
      'k8s_nginx_web-7d9c-x2x4z_default_4f1c2a9e-0d3b-4c1e-9a77-3e0f1b2c3d4e_2',
    );
  });

  it('parses the name back, with or without Docker’s leading slash', () => {
    const parsed = parseContainerName('/' + containerName(pod, 'nginx', 12));
    expect(parsed).toEqual({
      container: 'nginx',
      pod: 'web-7d9c-x2x4z',
      namespace: 'default',
      uid: '4f1c2a9e-0d3b-4c1e-9a77-3e0f1b2c3d4e',
      attempt: 12,
    });
    expect(parseContainerName('/hopeful_turing')).toBeUndefined();
  });
});
