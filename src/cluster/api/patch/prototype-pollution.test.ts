import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { ObjectStore, thaw } from '../../store/index.js';
import { decodeWithSchema } from '../openapi/decode.js';
import { ResourceRegistry } from '../resource-registry.js';
import { seedCluster } from '../seed.js';
import { applyJsonPatch } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import { applyStrategicMergePatch } from './strategic-merge.js';

/** Keys a polluted Object.prototype would show on every object in the worker. */
const POLLUTION_KEYS = ['deletionTimestamp', 'polluted', 'injected'];

function expectCleanPrototypes(): void {
  for (const key of POLLUTION_KEYS) {
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, key), `Object.prototype.${key}`).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(Array.prototype, key), `Array.prototype.${key}`).toBe(false);
  }
}

afterEach(() => {
  // A failing test must not poison the ones after it.
  for (const key of POLLUTION_KEYS) {
    delete (Object.prototype as Record<string, unknown>)[key];
    delete (Array.prototype as unknown as Record<string, unknown>)[key];
  }
});

/** `JSON.parse` makes `__proto__` an own key, as a request body would. */
const body = (text: string): unknown => JSON.parse(text);

describe('client-chosen keys are plain data', () => {
  it('JSON patch paths through __proto__, constructor and prototype find nothing (as on a Go server)', () => {
    const doc = { metadata: { name: 'default' } };
    for (const path of [
      '/metadata/__proto__/deletionTimestamp',
      '/metadata/constructor/prototype/polluted',
      '/__proto__/polluted',
    ]) {
      expect(() => applyJsonPatch(doc, [{ op: 'add', path, value: 'x' }])).toThrowError(/doc is missing path/);
    }
    expect(() => applyJsonPatch(doc, [{ op: 'copy', from: '/constructor', path: '/x' }])).toThrowError(
      /missing from path/,
    );
    expectCleanPrototypes();
  });

  it('a JSON patch that adds a key named __proto__ adds a field, not a prototype', () => {
    const out = applyJsonPatch({ metadata: {} }, [
      { op: 'add', path: '/metadata/__proto__', value: { deletionTimestamp: 'now' } },
    ]) as { metadata: Record<string, unknown> };
    expect(Object.getPrototypeOf(out.metadata)).toBe(Object.prototype);
    expect(out.metadata.deletionTimestamp).toBeUndefined();
    expect(Object.keys(out.metadata)).toEqual(['__proto__']);
    expectCleanPrototypes();
  });

  it('merge and strategic merge patches keep __proto__ keys as fields at every level', () => {
    const patch = body(
      '{"metadata":{"__proto__":{"deletionTimestamp":"now"},"labels":{"__proto__":{"polluted":"1"}}}}',
    );
    for (const apply of [applyMergePatch, applyStrategicMergePatch]) {
      const out = apply({ metadata: { name: 'x', labels: {} } }, patch) as {
        metadata: { deletionTimestamp?: unknown; labels: Record<string, unknown> };
      };
      expect(out.metadata.deletionTimestamp).toBeUndefined();
      expect(Object.getPrototypeOf(out.metadata)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(out.metadata.labels)).toBe(Object.prototype);
      expect(Object.keys(out.metadata.labels)).toEqual(['__proto__']);
    }
    const ordered = applyStrategicMergePatch(
      { spec: {} },
      body('{"spec":{"$setElementOrder/__proto__":[1],"$deleteFromPrimitiveList/constructor":[1]}}'),
    );
    expect(ordered).toEqual({ spec: {} });
    expectCleanPrototypes();
  });

  it('decoding drops __proto__ and constructor fields and keeps them as keys of maps', () => {
    const decoded = decodeWithSchema(
      'io.k8s.api.core.v1.ConfigMap',
      body(
        '{"metadata":{"name":"c","__proto__":{"deletionTimestamp":"now"},"constructor":{"x":1}},"data":{"__proto__":"v"}}',
      ) as Record<string, unknown>,
    ) as { metadata: Record<string, unknown>; data: Record<string, unknown> };
    expect(decoded.metadata).toEqual({ name: 'c' });
    expect(decoded.metadata.deletionTimestamp).toBeUndefined();
    expect(Object.keys(decoded.data)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(decoded.data, '__proto__')?.value).toBe('v');
    // The store's copies keep it a field too.
    const copy = thaw(decoded);
    expect(Object.getPrototypeOf(copy.data)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy.data, '__proto__')?.value).toBe('v');
    expectCleanPrototypes();
  });

  it('the issue #12 patch leaves the namespace usable: later creates still work', () => {
    const clock = new FakeClock();
    const registry = new ResourceRegistry(new ObjectStore({ now: () => clock.now() }), { clock });
    seedCluster(registry);
    const namespaces = registry.byKey('namespaces');
    expect(() =>
      registry.patch(namespaces, undefined, 'default', 'json', [
        { op: 'add', path: '/metadata/__proto__/deletionTimestamp', value: '2021-01-01T00:00:00Z' },
      ]),
    ).toThrowError(/doc is missing path/);
    registry.patch(
      namespaces,
      undefined,
      'default',
      'merge',
      body('{"metadata":{"__proto__":{"deletionTimestamp":"x"}}}'),
    );
    expectCleanPrototypes();
    const created = registry.create(registry.byKey('configmaps'), 'default', {
      metadata: { name: 'after' },
      data: { a: '1' },
    });
    expect(created.metadata.name).toBe('after');
    expect(registry.get(namespaces, undefined, 'default').metadata.deletionTimestamp).toBeUndefined();
  });
});
