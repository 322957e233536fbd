import { describe, expect, it } from 'vitest';
import { randomUuid } from './uid.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomUuid', () => {
  it('makes v4 UUIDs, also where crypto.randomUUID is missing (insecure http origins)', () => {
    expect(randomUuid()).toMatch(V4);
    // Shadow the prototype's method with an own `undefined`, as a non-secure context looks.
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const a = randomUuid();
      expect(a).toMatch(V4);
      expect(randomUuid()).not.toBe(a);
    } finally {
      delete (globalThis.crypto as { randomUUID?: unknown }).randomUUID;
    }
    expect(typeof globalThis.crypto.randomUUID).toBe('function');
  });
});
