/**
 * `?lesson=<url>`: a lesson pack fetched once from a web server, with every way that can fail said in the learner's
 * terms (not a URL, not http(s), unreachable, refused by CORS, an HTTP error, too big). The body is read against a
 * byte cap as it streams, so a huge or endless answer costs at most the cap.
 */

/** A lesson pack is text: lessons with their starting files. Anything bigger is not one. */
export const PACK_MAX_BYTES = 4 * 1024 * 1024;

export type FetchedPack = { ok: true; bytes: Uint8Array; url: string } | { ok: false; error: string };

type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export async function fetchLessonPack(
  address: string,
  fetchFn: FetchFn = (input, init) => fetch(input, init),
  maxBytes = PACK_MAX_BYTES,
): Promise<FetchedPack> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return { ok: false, error: `“${address}” is not a web address (a lesson link starts with https://)` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, error: `only http and https addresses can be opened as lessons, not ${url.protocol}` };
  const href = url.href;

  let response: Response;
  try {
    response = await fetchFn(href, { credentials: 'omit', cache: 'no-store', redirect: 'follow' });
  } catch {
    return { ok: false, error: await whyUnreachable(href, url.host, fetchFn) };
  }
  if (!response.ok)
    return {
      ok: false,
      error: `${url.host} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''} for ${href}`,
    };
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    return { ok: false, error: tooBig(declared, maxBytes) };
  }
  try {
    const bytes = await readCapped(response, maxBytes);
    return bytes ? { ok: true, bytes, url: href } : { ok: false, error: tooBig(undefined, maxBytes) };
  } catch (error) {
    return { ok: false, error: `the download from ${url.host} broke off (${String(error)})` };
  }
}

/**
 * A browser's fetch says only "TypeError" both for a server it cannot reach and for one that answered without
 * letting other sites read the answer (CORS). An opaque no-cors request tells them apart: it succeeds when the
 * server answered.
 */
async function whyUnreachable(href: string, host: string, fetchFn: FetchFn): Promise<string> {
  const answered = await fetchFn(href, { mode: 'no-cors', credentials: 'omit', cache: 'no-store' }).then(
    () => true,
    () => false,
  );
  return answered
    ? `${host} answered, but does not let other sites read the file (CORS): its server must send ` +
        '`Access-Control-Allow-Origin`'
    : `${host} could not be reached (offline, or the address is wrong)`;
}

/** The whole body, or undefined once it passes `maxBytes` (the rest is not downloaded). */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooBig(size: number | undefined, maxBytes: number): string {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `the file is too big to be a lesson${size !== undefined ? ` (${mb(size)})` : ''}: a lesson pack may be ${mb(maxBytes)} at most`;
}
