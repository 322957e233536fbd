import { describe, expect, it } from 'vitest';
import { fetchLessonPack } from './fetch-lesson-pack.js';

type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

/** A server in a function: what each request gets, and the requests made. */
function server(answer: (url: string, init?: RequestInit) => Response | Error) {
  const calls: { url: string; mode: string | undefined }[] = [];
  const fn: FetchFn = async (url, init) => {
    calls.push({ url, mode: init?.mode });
    const result = answer(url, init);
    if (result instanceof Error) throw result;
    return result;
  };
  return { fn, calls };
}

describe('fetchLessonPack', () => {
  it('fetches an http(s) pack whole, without credentials', async () => {
    const { fn, calls } = server(() => new Response('{"format":"wharf-lesson-pack"}'));
    const result = await fetchLessonPack('https://example.test/a.wharf-lesson.json', fn);
    expect(result.ok && new TextDecoder().decode(result.bytes)).toBe('{"format":"wharf-lesson-pack"}');
    expect(calls).toEqual([{ url: 'https://example.test/a.wharf-lesson.json', mode: undefined }]);
  });

  it('refuses what is not an http(s) address before fetching anything', async () => {
    const { fn, calls } = server(() => new Response('x'));
    expect(await fetchLessonPack('not a url', fn)).toEqual({
      ok: false,
      error: '“not a url” is not a web address (a lesson link starts with https://)',
    });
    expect(await fetchLessonPack('javascript:alert(1)', fn)).toEqual({
      ok: false,
      error: 'only http and https addresses can be opened as lessons, not javascript:',
    });
    expect(await fetchLessonPack('file:///etc/passwd', fn)).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
  });

  it('says which HTTP status the server answered', async () => {
    const { fn } = server(() => new Response('gone', { status: 404, statusText: 'Not Found' }));
    expect(await fetchLessonPack('http://h.test/x.json', fn)).toEqual({
      ok: false,
      error: 'h.test answered 404 Not Found for http://h.test/x.json',
    });
  });

  it('tells a CORS refusal from a server it cannot reach', async () => {
    const cors = server((_, init) =>
      init?.mode === 'no-cors' ? new Response(null) : new TypeError('Failed to fetch'),
    );
    const refused = await fetchLessonPack('https://other.test/x.json', cors.fn);
    expect(refused.ok ? '' : refused.error).toMatch(
      /^other\.test answered, but does not let other sites read the file \(CORS\)/,
    );
    expect(cors.calls.map((c) => c.mode)).toEqual([undefined, 'no-cors']);

    const down = server(() => new TypeError('Failed to fetch'));
    expect(await fetchLessonPack('https://down.test/x.json', down.fn)).toEqual({
      ok: false,
      error: 'down.test could not be reached (offline, or the address is wrong)',
    });
  });

  it('stops at the cap, whether the size is declared or only streamed', async () => {
    const declared = server(() => new Response('x'.repeat(10), { headers: { 'content-length': '5000000000' } }));
    const big = await fetchLessonPack('https://h.test/big.json', declared.fn, 1024 * 1024);
    expect(big).toEqual({
      ok: false,
      error: 'the file is too big to be a lesson (4768.4 MB): a lesson pack may be 1.0 MB at most',
    });

    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const streamed = server(() => new Response(endless));
    const result = await fetchLessonPack('https://h.test/endless', streamed.fn, 1024 * 1024);
    expect(result).toEqual({
      ok: false,
      error: 'the file is too big to be a lesson: a lesson pack may be 1.0 MB at most',
    });
    expect(pulled).toBeLessThan(20); // it stopped reading at the cap
  });
});
