import { describe, expect, it } from 'vitest';
import { missingRefs, normalizeRef, savedRefs } from './docker-save.mjs';

describe('normalizeRef', () => {
  it('names Docker Hub images the way docker images lists them', () => {
    expect(normalizeRef('nginx')).toBe('nginx:latest');
    expect(normalizeRef('docker.io/library/nginx:1.22')).toBe('nginx:1.22');
    expect(normalizeRef('library/redis')).toBe('redis:latest');
    expect(normalizeRef('wharf/hello:1.0')).toBe('wharf/hello:1.0');
  });

  it('does not mistake a registry port for a tag', () => {
    expect(normalizeRef('localhost:5000/app')).toBe('localhost:5000/app:latest');
    expect(normalizeRef('localhost:5000/app:v2')).toBe('localhost:5000/app:v2');
  });
});

describe('savedRefs', () => {
  it('lists every tag of every image once, sorted', () => {
    const manifest = JSON.stringify([
      { Config: 'c1', RepoTags: ['nginx:latest', 'nginx:1.22'], Layers: ['l1'] },
      { Config: 'c2', RepoTags: ['busybox:latest', 'docker.io/library/nginx:latest'], Layers: ['l2'] },
    ]);
    expect(savedRefs(manifest)).toEqual(['busybox:latest', 'nginx:1.22', 'nginx:latest']);
  });

  it('rejects a manifest that is not a docker-save one', () => {
    expect(() => savedRefs('{')).toThrow(/not JSON/);
    expect(() => savedRefs('{"a":1}')).toThrow(/not a list of images/);
    expect(() => savedRefs('[{"Config":"c"}]')).toThrow(/image 0 has no RepoTags/);
  });
});

describe('missingRefs', () => {
  it('names the saved references the store does not have', () => {
    const saved = ['busybox:latest', 'nginx:1.22', 'nginx:latest'];
    expect(missingRefs(saved, ['nginx:latest', 'busybox:latest'])).toEqual(['nginx:1.22']);
    expect(missingRefs(saved, ['nginx:1.22', 'nginx:latest', 'busybox:latest'])).toEqual([]);
  });
});
