import { describe, expect, it } from 'vitest';
import { parseRelayedRequest, previewUrl } from './preview-relay.js';

const valid = { id: 7, guestPort: 8080, method: 'POST', path: '/login?next=%2F', headers: [['cookie', 'a=b']] };

describe('parseRelayedRequest', () => {
  it('passes a well-formed request', () => {
    expect(parseRelayedRequest({ ...valid, body: 'eA==' })).toEqual({ ...valid, body: 'eA==' });
  });

  it('refuses what could smuggle a second request into the guest connection', () => {
    expect(parseRelayedRequest({ ...valid, headers: [['x', 'a\r\nGET /admin HTTP/1.1']] })).toBeUndefined();
    expect(parseRelayedRequest({ ...valid, headers: [['x y', 'a']] })).toBeUndefined();
    expect(parseRelayedRequest({ ...valid, method: 'GET /x HTTP/1.1\r\n' })).toBeUndefined();
    expect(parseRelayedRequest({ ...valid, path: '/a b' })).toBeUndefined();
    expect(parseRelayedRequest({ ...valid, path: 'http://elsewhere/' })).toBeUndefined();
  });

  it('refuses ports outside TCP and malformed shapes', () => {
    expect(parseRelayedRequest({ ...valid, guestPort: 0 })).toBeUndefined();
    expect(parseRelayedRequest({ ...valid, guestPort: 70000 })).toBeUndefined();
    expect(parseRelayedRequest({ ...valid, headers: [['x']] })).toBeUndefined();
    expect(parseRelayedRequest({ ...valid, body: 3 })).toBeUndefined();
    expect(parseRelayedRequest(null)).toBeUndefined();
  });
});

describe('previewUrl', () => {
  it("names the guest port and the page's session on the preview domain, on the page's own port", () => {
    expect(previewUrl({ protocol: 'http:', port: '4173' }, 'abc12345', 8080)).toBe(
      'http://8080-abc12345.preview.localhost:4173',
    );
    expect(previewUrl({ protocol: 'https:', port: '' }, 'abc12345', 80)).toBe('https://80-abc12345.preview.localhost');
  });
});
