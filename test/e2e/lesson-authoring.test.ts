// Author mode and shared lessons in a real headless Chromium against the built app and the real guest VM: a new
// lesson folder written from the starter, edited in the editor with the pane following each save, a schema error
// shown in the pane and as an editor marker and gone once fixed, the draft's step checked against the VM; lesson
// packs opened from the file input and from `?lesson=` (another origin), still there after a reload; hostile packs
// refused with one banner and the course map unchanged.
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { PROMPT, SHOTS as shots, startPlayground, waitForTerminal, type Playground } from './harness.js';

let playground: Playground;
let page: Page;
let packServer: Server;
let packOrigin: string;

/** A lesson pack as `npm run lessons:pack` writes it: one lesson, its lesson.md given. */
function pack(slug: string, lessonMd: string, extra: Record<string, string> = {}): string {
  return JSON.stringify({
    format: 'wharf-lesson-pack',
    version: 1,
    lessons: [{ slug, files: { 'lesson.md': lessonMd, ...extra } }],
  });
}

function lessonMd(title: string, intro: string): string {
  return `---
title: ${title}
summary: A shared lesson.
level: beginner
minutes: 5
needsKubernetes: false
---

${intro}

## Step: Make a note

\`\`\`check
- id: note
  check: file.exists
  path: note.txt
\`\`\`

### Solution

\`\`\`sh
touch note.txt
\`\`\`
`;
}

const HOSTILE_INTRO = [
  'Read this. <script>window.hacked = 1</script>',
  '<img src=x onerror="window.hacked = 2">',
  '[a trap](javascript:window.hacked=3) and [a real link](https://example.org/)',
].join('\n\n');

const banner = (): Locator => page.getByTestId('lesson-banner');
const cards = (): Locator => page.locator('.lesson-card');
const draftErrors = (): Locator => page.locator('.draft-errors');
const errorMarkers = (): Locator => page.locator('.monaco-editor .squiggly-error');

/** Select the whole of one line of the file in the editor and type this in its place, then save (Ctrl+S). */
async function replaceLine(line: number, text: string): Promise<void> {
  await page.locator('.monaco-host .view-lines').click();
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type(text);
  await page.keyboard.press('Control+s');
}

beforeAll(async () => {
  playground = await startPlayground();
  page = playground.page;
  // Another origin serving lesson packs: one with CORS, one without.
  packServer = createServer((req, res) => {
    const body = pack('shared-by-link', lessonMd('Shared by link', 'Opened from a link.'));
    if (req.url === '/shared.wharf-lesson.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(body);
    } else if (req.url === '/no-cors.wharf-lesson.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    } else {
      res.writeHead(404, { 'access-control-allow-origin': '*' }).end();
    }
  });
  await new Promise<void>((resolve) => packServer.listen(0, '127.0.0.1', resolve));
  packOrigin = `http://127.0.0.1:${(packServer.address() as { port: number }).port}`;
});

afterAll(async () => {
  await playground?.stop();
  await new Promise((resolve) => packServer?.close(resolve));
});

describe('author mode', () => {
  it('writes a new lesson, follows each save, shows a schema error inline and in the editor until it is fixed', async () => {
    await page.goto(`${playground.app.url}/#/author`);
    await page.getByRole('heading', { name: 'Write a lesson' }).waitFor();
    await page.getByTestId('vm-status').filter({ hasText: 'VM ready' }).waitFor({ timeout: 300_000 });
    await waitForTerminal(page, PROMPT, 120_000);

    await page.getByRole('textbox', { name: 'Folder' }).fill('my-lesson');
    await page.getByRole('button', { name: 'New lesson' }).click();
    await expect
      .poll(() => page.evaluate(() => location.hash), { timeout: 30_000 })
      .toMatch(/^#\/lessons\/draft\.my-lesson/);
    await page.getByRole('heading', { name: 'My lesson', level: 2 }).waitFor({ timeout: 30_000 });
    expect(await draftErrors().count()).toBe(0);

    // Edit in the editor: the pane shows the new title a moment after the save.
    await page.getByRole('button', { name: 'Edit lesson.md' }).click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'summary: One sentence' }).waitFor({ timeout: 30_000 });
    await replaceLine(2, 'title: Written in the browser');
    await page.getByRole('heading', { name: 'Written in the browser', level: 2 }).waitFor({ timeout: 30_000 });

    // A schema error: listed in the pane at its place, and marked in the editor.
    await replaceLine(4, 'level: expert');
    await draftErrors().waitFor({ timeout: 30_000 });
    const errorText = await draftErrors().innerText();
    expect(errorText).toContain('my-lesson/lesson.md:4:');
    expect(errorText).toMatch(/level/);
    await errorMarkers().first().waitFor({ timeout: 10_000 });
    // The preview stays on the last version that loaded.
    expect(await page.getByRole('heading', { name: 'Written in the browser', level: 2 }).count()).toBe(1);
    await page.screenshot({ path: join(shots, 'authoring-error.png') });

    // Its link puts the cursor on the line; fixing it clears both.
    await draftErrors()
      .getByRole('button', { name: /my-lesson\/lesson\.md:4:/ })
      .click();
    // The editor takes the keyboard once it shows the file at that line.
    await page.locator('.monaco-editor.focused').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('level: beginner');
    await page.keyboard.press('Control+s');
    await draftErrors().waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => errorMarkers().count(), { timeout: 10_000 }).toBe(0);
    await page.screenshot({ path: join(shots, 'authoring-fixed.png') });
  });

  it('checks the draft’s step against the VM like any lesson’s', async () => {
    const step = page.locator('section.step[data-step="write-a-file"]');
    await page.getByTestId('lesson-task').waitFor({ state: 'detached', timeout: 60_000 });
    await step.getByRole('button', { name: /^Run echo "hello" > hello.txt/ }).click();
    await step.locator('.step-complete').waitFor({ timeout: 60_000 });
    expect(await step.locator('.check-pass').count()).toBe(1);
    await page.screenshot({ path: join(shots, 'authoring-step-done.png') });
    // Its progress is the draft's own: the built-in lessons' progress is untouched.
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('wharf:lessons') ?? '{}'));
    expect(Object.keys(saved.lessons ?? {})).toEqual(['draft.my-lesson']);
  });
});

describe('opening shared lessons', () => {
  it('opens a pack from the file input, rendered inert, and one from ?lesson=, both there after a reload', async () => {
    await page.goto(`${playground.app.url}/#/`);
    await page.getByRole('heading', { name: 'Welcome to Wharf' }).waitFor();
    await expect.poll(() => cards().count()).toBeGreaterThan(0);
    const builtIn = await cards().count();

    await page.getByTestId('lesson-file-input').setInputFiles({
      name: 'tricky.wharf-lesson.json',
      mimeType: 'application/json',
      buffer: Buffer.from(pack('tricky', lessonMd('A tricky lesson', HOSTILE_INTRO))),
    });
    await banner().filter({ hasText: 'Opened “A tricky lesson” (1 lesson)' }).waitFor({ timeout: 30_000 });
    await page.locator('.opened-lessons .lesson-card[data-lesson="opened.tricky"]').waitFor();

    // Its Markdown renders inert: no script, no handler, no javascript: link.
    await page.getByRole('link', { name: 'A tricky lesson' }).click();
    await page.getByRole('heading', { name: 'A tricky lesson', level: 2 }).waitFor();
    const intro = page.locator('.lesson-intro');
    expect(await intro.innerText()).toContain('Read this.');
    expect(await intro.locator('script, img[onerror], [onerror]').count()).toBe(0);
    expect(await intro.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await intro.locator('a[href="https://example.org/"]').count()).toBe(1);
    expect(await page.evaluate(() => (window as { hacked?: number }).hacked)).toBeUndefined();

    // A link to a pack on another origin: fetched once, the query dropped from the address.
    await page.goto(`${playground.app.url}/?lesson=${encodeURIComponent(`${packOrigin}/shared.wharf-lesson.json`)}#/`);
    await banner().filter({ hasText: 'Opened “Shared by link”' }).waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => location.search)).toBe('');
    await page.locator('.opened-lessons .lesson-card[data-lesson="opened.shared-by-link"]').waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Welcome to Wharf' }).waitFor();
    await page.locator('.opened-lessons .lesson-card').nth(1).waitFor({ timeout: 30_000 });
    expect(await cards().count()).toBe(builtIn + 2);
    expect(await page.locator('.opened-pack').allInnerTexts()).toEqual([
      expect.stringContaining('from tricky.wharf-lesson.json'),
      expect.stringContaining(`from ${packOrigin}/shared.wharf-lesson.json`),
    ]);
    await page.locator('.opened-lessons').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'opened-lessons.png') });
  });

  it('refuses hostile files and links with one banner each, and the course map does not change', async () => {
    const before = await cards().count();
    const open = (name: string, body: string | Buffer) =>
      page
        .getByTestId('lesson-file-input')
        .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
    const refused = async (text: RegExp) => {
      await banner().filter({ hasText: text }).waitFor({ timeout: 30_000 });
      expect(await banner().getAttribute('role')).toBe('alert');
      await page.getByRole('heading', { name: 'Welcome to Wharf' }).waitFor();
      await expect.poll(() => cards().count()).toBe(before);
    };

    await open(
      'escape.wharf-lesson.json',
      pack('escape', lessonMd('Escape', 'x'), { 'files/../../../etc/profile': 'x' }),
    );
    await refused(/^escape\.wharf-lesson\.json could not be opened: .*\.\./);
    await open('notes.wharf-lesson.json', 'these are my notes, not JSON');
    await refused(/^notes\.wharf-lesson\.json could not be opened: .*JSON/);
    await open(
      'huge.wharf-lesson.json',
      pack('huge', lessonMd('Huge', 'x'), { 'files/big.txt': 'x'.repeat(6_000_000) }),
    );
    await refused(/^huge\.wharf-lesson\.json could not be opened: .*(big|large|MB)/);
    await page.screenshot({ path: join(shots, 'opened-lessons-refused.png') });

    await page.goto(`${playground.app.url}/?lesson=${encodeURIComponent(`${packOrigin}/no-cors.wharf-lesson.json`)}#/`);
    await refused(/does not let other sites read the file \(CORS\)/);
    await page.goto(`${playground.app.url}/?lesson=${encodeURIComponent(`${packOrigin}/missing.json`)}#/`);
    await refused(/answered 404/);

    // Remove takes an opened pack away.
    await page.locator('.opened-pack[data-pack="tricky"]').getByRole('button', { name: 'Remove' }).click();
    await banner().filter({ hasText: 'Removed “A tricky lesson”' }).waitFor();
    await expect.poll(() => cards().count()).toBe(before - 1); // once the map has read the catalog again
  });
});
