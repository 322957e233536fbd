import { describe, expect, it } from 'vitest';
import { decodeWithSchema, DecodeError } from './decode.js';

const CM = 'io.k8s.api.core.v1.ConfigMap';
const POD = 'io.k8s.api.core.v1.Pod';

describe('decodeWithSchema', () => {
  it('drops unknown fields and keeps known ones', () => {
    expect(decodeWithSchema(CM, { metadata: { name: 'x', bogus: 1 }, data: { a: '1' }, extra: true })).toEqual({
      metadata: { name: 'x' },
      data: { a: '1' },
    });
  });

  it('drops empty lists and maps in optional fields (omitempty), keeps empty structs and required lists', () => {
    const pod = decodeWithSchema(POD, {
      metadata: { name: 'p', labels: {}, ownerReferences: [], finalizers: [] },
      spec: { containers: [], volumes: [], securityContext: {}, nodeSelector: {} },
    });
    expect(pod).toEqual({ metadata: { name: 'p' }, spec: { containers: [], securityContext: {} } });
  });

  it('rejects a value of the wrong JSON type like the typed decoder', () => {
    expect(() => decodeWithSchema(CM, { data: ['a'] })).toThrow(
      new DecodeError('json: cannot unmarshal array into Go struct field ConfigMap.data of type map[string]string'),
    );
  });
});
