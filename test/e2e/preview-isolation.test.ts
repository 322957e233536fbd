// A previewed page is hostile: it tries to type into the learner's terminal through the Wharf page, to read the
// workspace from IndexedDB and to poison the app's cache. In a real Chromium against the built app and the real VM,
// every attempt fails (the preview runs on an origin of its own), while the page itself works as a web page should:
// its stylesheet and script load from absolute paths and its form posts to the app. Another site cannot post into
// the preview.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import {
  PROMPT,
  SHOTS as shots,
  exposeWharfHandles,
  runInTerminal,
  startPlayground,
  terminalText,
  waitForTerminal,
  type Playground,
} from './harness.js';

const PORT = 8081;
const MARK = 'PWNED-BY-THE-PREVIEW';

/** What the hostile page tries, each result written into `body[data-results]` as JSON. */
const ATTACK = `
const results = {};
const done = (key, value) => {
  results[key] = value;
  document.body.dataset.results = JSON.stringify(results);
};
const attempt = (key, fn) => {
  try {
    done(key, fn());
  } catch (e) {
    done(key, 'blocked: ' + e.name);
  }
};
attempt('parentWharf', () => {
  parent.wharf.client.api.writeTerminal('t1', 'echo ${MARK}\\n');
  return 'reached';
});
attempt('topDocument', () => top.document.title);
attempt('parentStorage', () => parent.localStorage.length);
const idb = indexedDB.open('wharf-workspace');
idb.onsuccess = () => {
  done('workspaceStores', [...idb.result.objectStoreNames]);
  idb.result.close();
};
idb.onerror = () => done('workspaceStores', 'refused: ' + (idb.error && idb.error.name));
done('secureContext', isSecureContext);
if (typeof caches === 'undefined') {
  done('cacheNames', 'no Cache Storage here');
  done('poisonStored', 'no Cache Storage here');
} else {
  caches.keys().then((keys) => done('cacheNames', keys), (e) => done('cacheNames', 'refused: ' + e.name));
  caches.open('wharf-app-v1')
    .then((c) => c.put('/assets/poison.js', new Response('alert(1)')))
    .then(() => done('poisonStored', 'in its own storage'), (e) => done('poisonStored', 'refused: ' + e.name));
}
done('ownScript', 'ran');
`;

const SITE: [string, string][] = [
  [
    'site/index.html',
    `<!doctype html><html><head><title>hostile preview</title><link rel="stylesheet" href="/style.css"></head>
<body><h1>A previewed page</h1>
<form method="post" action="/cgi-bin/echo"><input name="note" value="from-the-form"><button>Send</button></form>
<script src="/attack.js"></script></body></html>\n`,
  ],
  ['site/style.css', 'h1 { color: rgb(1, 2, 3); }\n'],
  ['site/attack.js', ATTACK],
  [
    'site/cgi-bin/echo',
    `#!/bin/sh\nprintf 'Content-Type: text/html\\r\\n\\r\\n'\nbody=$(head -c "\${CONTENT_LENGTH:-0}")\n` +
      `printf '<!doctype html><title>posted</title><p id="posted">%s</p>' "$body"\n`,
  ],
];

let playground: Playground;
let page: Page;

/** Anything the app's Content-Security-Policy blocked on the Wharf page (it must block nothing of the app's own). */
const violations: string[] = [];

beforeAll(async () => {
  playground = await startPlayground();
  page = playground.page;
  await exposeWharfHandles(page); // the handles exist on the Wharf page: the preview must still not reach them
  page.on('console', (m) => {
    const fromApp = m.location().url.startsWith(playground.app.url);
    if (fromApp && /Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
});

afterAll(() => playground?.stop());

async function previewFrame(): Promise<Frame> {
  for (let i = 0; i < 600; i++) {
    const frame = page.frames().find((f) => new URL(f.url()).host.startsWith(`${PORT}-`));
    if (frame) return frame;
    await page.waitForTimeout(100);
  }
  throw new Error(`no preview frame for port ${PORT}`);
}

type Results = Record<string, unknown>;

describe('a hostile previewed page in Chromium', () => {
  it('serves the page from a container', async () => {
    await page.goto(playground.app.url);
    await page.getByTestId('vm-status').filter({ hasText: 'VM ready' }).waitFor({ timeout: 300_000 });
    await waitForTerminal(page, PROMPT, 120_000);
    await page.evaluate(async (files) => {
      const { client } = (window as unknown as { wharf: { client: { api: WharfApi } } }).wharf;
      for (const [path, text] of files) await client.api.writeWorkspaceFile(path, text);
    }, SITE);
    await runInTerminal(
      page,
      `chmod +x site/cgi-bin/echo && docker run -d -p ${PORT}:80 -v /root/workspace/site:/www busybox httpd -f -p 80 -h /www`,
      /^[0-9a-f]{64}\s*\n.*[#$]$/m,
      240_000,
    );
  });

  it('shows it in the preview pane', async () => {
    await page.getByRole('button', { name: /^Preview/ }).click();
    const select = page.getByLabel('Port to preview');
    await select.filter({ hasText: `${PORT}` }).waitFor({ timeout: 60_000 });
    await select.selectOption(String(PORT));
    try {
      await page
        .frameLocator('iframe.preview-frame')
        .getByRole('heading', { name: 'A previewed page' })
        .waitFor({ timeout: 240_000 });
    } catch (error) {
      await page.screenshot({ path: join(shots, 'preview-isolation-failed.png') });
      const frame = page.frames().find((f) => new URL(f.url()).host.startsWith(`${PORT}-`));
      const shown = await frame?.locator('body').textContent();
      throw new Error(`the preview shows ${JSON.stringify(shown)} at ${frame?.url()}`, { cause: error });
    }
  });

  it('cannot reach the Wharf page, its workspace or its caches', async () => {
    const frame = await previewFrame();
    const results = await waitForResults(frame);
    console.log(`what the previewed page got: ${JSON.stringify(results)}`);
    await page.screenshot({ path: join(shots, 'preview-isolation.png') });
    expect(results.ownScript).toBe('ran');
    expect(results.parentWharf).toBe('blocked: SecurityError');
    expect(results.topDocument).toBe('blocked: SecurityError');
    expect(results.parentStorage).toBe('blocked: SecurityError');
    // The preview's origin has storage of its own (or none, where the browser keeps it from framed sites): never
    // the workspace records or Wharf's caches.
    expect(results.workspaceStores).toBeDefined();
    expect(JSON.stringify(results.workspaceStores)).not.toMatch(/records|files/);
    expect(results.cacheNames).toBeDefined();
    expect(JSON.stringify(results.cacheNames)).not.toMatch(/wharf/);

    // ...and the Wharf page is untouched: nothing typed, its caches and its workspace store intact.
    await page.waitForTimeout(2000);
    expect(await terminalText(page)).not.toContain(MARK);
    const app = await page.evaluate(async () => {
      const poisoned = await (await caches.open('wharf-app-v1')).match('/assets/poison.js');
      const stores = await new Promise<string[]>((resolve) => {
        const req = indexedDB.open('wharf-workspace');
        req.onsuccess = () => {
          resolve([...req.result.objectStoreNames]);
          req.result.close();
        };
      });
      const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
      return { poisoned: poisoned !== undefined, stores, csp };
    });
    expect(app).toMatchObject({ poisoned: false, stores: ['records'] });
    expect(app.csp).toMatch(/script-src 'self'/);
  });

  it("blocks nothing of the app's own under its Content-Security-Policy (the editor included)", async () => {
    await page.getByRole('button', { name: 'style.css' }).click({ timeout: 60_000 });
    await page.locator('.monaco-host .view-lines', { hasText: 'rgb(1, 2, 3)' }).waitFor({ timeout: 120_000 });
    expect(violations).toEqual([]);
  });

  it('works as a web page: its stylesheet, script and form', async () => {
    const frame = await previewFrame();
    expect(await frame.locator('h1').evaluate((h) => getComputedStyle(h).color)).toBe('rgb(1, 2, 3)');
    await frame.getByRole('button', { name: 'Send' }).click();
    const posted = page.frameLocator('iframe.preview-frame').locator('#posted');
    await posted.waitFor({ timeout: 120_000 });
    expect(await posted.textContent()).toBe('note=from-the-form');
    await page.screenshot({ path: join(shots, 'preview-form-posted.png') });
  });

  it('refuses a form another site posts into the preview', async () => {
    const session = await page.evaluate(
      () =>
        (window as unknown as { wharf: { client: { previews: { session: string } } } }).wharf.client.previews.session,
    );
    const target = `http://${PORT}-${session}.preview.localhost:${new URL(playground.app.url).port}/cgi-bin/echo`;
    const other = await page.context().newPage();
    await other.setContent(`<form method="post" action="${target}"><input name="note" value="forged"></form>`);
    const [response] = await Promise.all([
      other.waitForNavigation(),
      other.evaluate(() => document.querySelector('form')!.submit()),
    ]);
    expect(response?.status()).toBe(403);
    expect(await other.textContent('body')).toMatch(/only answers its own pages and links from Wharf/);
    await other.close();
  });
});

interface WharfApi {
  writeWorkspaceFile(path: string, text: string): Promise<void>;
}

async function waitForResults(frame: Frame): Promise<Results> {
  const keys = ['ownScript', 'parentWharf', 'topDocument', 'parentStorage', 'workspaceStores', 'cacheNames'];
  for (let i = 0; i < 300; i++) {
    const text = await frame.locator('body').getAttribute('data-results');
    const results = text ? (JSON.parse(text) as Results) : {};
    if (keys.every((k) => k in results) && 'poisonStored' in results) return results;
    await frame.page().waitForTimeout(100);
  }
  const text = await frame.locator('body').getAttribute('data-results');
  throw new Error(`the hostile page never finished its attempts: ${text}`);
}
