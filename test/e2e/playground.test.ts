// The playground in a real headless Chromium against the built app and the real guest VM: a learner's first
// minutes (prompt, docker run, a Dockerfile from the editor, nginx in the preview, resizing, reloading).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  PROMPT,
  SHOTS as shots,
  runInTerminal,
  startPlayground,
  typeInTerminal,
  waitForTerminal,
  type Playground,
} from './harness.js';

let playground: Playground;
let page: Page;

/** Run a command in the active terminal and wait for a line matching `expected` after it. */
const run = (command: string, expected: RegExp, timeoutMs = 240_000) =>
  runInTerminal(page, command, expected, timeoutMs);

async function waitReady(): Promise<void> {
  await page.getByTestId('vm-status').filter({ hasText: 'VM ready' }).waitFor({ timeout: 300_000 });
  await waitForTerminal(page, PROMPT, 120_000);
}

beforeAll(async () => {
  playground = await startPlayground();
  page = playground.page;
});

afterAll(() => playground?.stop());

describe('the playground in Chromium', () => {
  it('loads, boots the VM and shows a shell prompt', async () => {
    await page.goto(playground.app.url);
    await page.getByRole('heading', { name: 'Welcome to Wharf' }).waitFor();
    await waitReady();
    await page.screenshot({ path: join(shots, 'playground-ready.png') });
  });

  it('runs a container from the terminal', async () => {
    await run('docker run --rm busybox echo hello', /^hello\s*$/m);
  });

  it('says what runs in the background: Docker is ready at once, Kubernetes once its node has started', async () => {
    const status = page.getByTestId('vm-status');
    expect(await status.textContent()).toMatch(/Docker (ready|and Kubernetes ready)/);
    await status.filter({ hasText: 'Docker and Kubernetes ready' }).waitFor({ timeout: 300_000 });
  });

  it('builds a Dockerfile written in the editor', async () => {
    await page.getByRole('button', { name: 'New file' }).click();
    await page.getByLabel('New file name').fill('Dockerfile');
    await page.getByLabel('New file name').press('Enter');
    await page.locator('.monaco-host .view-lines').waitFor({ timeout: 60_000 });
    await page.locator('.monaco-host .view-lines').click();
    await page.keyboard.type('FROM busybox\nCMD ["echo", "built-from-the-editor"]\n');
    await page.keyboard.press('Control+s');
    await page.locator('.tab.active', { hasText: '●' }).waitFor({ state: 'detached', timeout: 30_000 });
    await run('cat Dockerfile', /CMD \["echo", "built-from-the-editor"\]/, 30_000);
    await run('docker build -q -t mine . && docker run --rm mine', /^built-from-the-editor\s*$/m);
    await page.screenshot({ path: join(shots, 'editor-and-build.png') });
  });

  it('shows a file made in the terminal in the file tree', async () => {
    await typeInTerminal(page, 'echo from-the-shell > made-in-terminal.txt\n');
    await page.getByRole('button', { name: 'made-in-terminal.txt' }).waitFor({ timeout: 30_000 });
  });

  it('previews a published port (nginx) in the preview pane and in a tab of its own', async () => {
    // `docker run -d` prints the ID before it starts the container: wait for the prompt after it, then give the
    // container's network a moment (the preview retries a port that does not answer yet).
    await run('docker run -d -p 8080:80 nginx', /^[0-9a-f]{64}\s*\n.*[#$]$/m);
    await page.getByRole('button', { name: /^Preview/ }).click();
    await page.getByLabel('Port to preview').filter({ hasText: '8080 · nginx' }).waitFor({ timeout: 60_000 });
    const frame = page.frameLocator('iframe.preview-frame');
    await frame.getByRole('heading', { name: 'Welcome to nginx!' }).waitFor({ timeout: 240_000 });
    await page.screenshot({ path: join(shots, 'preview-nginx.png') });
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('link', { name: /Open in new tab/ }).click(),
    ]);
    // Its own origin: port 8080 of this page's session, under preview.localhost.
    expect(new URL(tab.url()).host).toMatch(/^8080-[a-z0-9]+\.preview\.localhost:\d+$/);
    await tab.getByRole('heading', { name: 'Welcome to nginx!' }).waitFor({ timeout: 60_000 });
    await tab.close();
  });

  it('passes the pane size to the guest PTY (stty size)', async () => {
    await page.setViewportSize({ width: 1100, height: 720 });
    await page.waitForTimeout(500);
    const size = await page.locator('.terminal-view:not([hidden]) .terminal-host').getAttribute('data-size');
    expect(size).toMatch(/^\d+ \d+$/);
    await run('clear; stty size', new RegExp(`^${size}\\s*$`, 'm'), 30_000);
  });

  it('lets keyboard users leave the terminal (Shift+Escape) and the editor (Escape)', async () => {
    const input = page.locator('.terminal-view:not([hidden]) .xterm-helper-textarea');
    const focusIn = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return {
          xterm: !!el?.closest('.xterm'),
          monaco: !!el?.closest('.monaco-editor'),
          pane: el?.getAttribute('aria-label'),
        };
      });
    await input.focus();
    await expect.poll(() => page.locator('.key-hint').isVisible()).toBe(true);
    // Plain Escape belongs to the program in the terminal (vi, less): focus stays.
    await page.keyboard.press('Escape');
    expect(await focusIn()).toMatchObject({ xterm: true });
    await page.keyboard.press('Shift+Escape');
    expect(await focusIn()).toEqual({ xterm: false, monaco: false, pane: 'Terminals' });
    await page.keyboard.press('Tab');
    expect(await focusIn()).toMatchObject({ xterm: false });
    expect(await input.getAttribute('aria-description')).toMatch(/Shift\+Escape/);

    await page.locator('.monaco-host .view-lines').click();
    expect(await focusIn()).toMatchObject({ monaco: true });
    await page.keyboard.press('Escape');
    expect(await focusIn()).toMatchObject({ monaco: false });
  });

  it('switches between light and dark themes, terminal and editor included', async () => {
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const terminalBackground = () =>
      page
        .locator('.terminal-view:not([hidden]) .xterm-scrollable-element')
        .evaluate((el) => getComputedStyle(el).backgroundColor);
    const before = await theme();
    const other = before === 'dark' ? 'light' : 'dark';
    const terminalBefore = await terminalBackground();
    await page.getByRole('button', { name: `Switch to ${other} theme` }).click();
    expect(await theme()).toBe(other);
    await expect.poll(terminalBackground).not.toBe(terminalBefore);
    await page.locator(`.monaco-editor.${other === 'dark' ? 'vs-dark' : 'vs'}`).waitFor({ timeout: 10_000 });
    if (other === 'dark') await page.screenshot({ path: join(shots, 'playground-dark.png') });
    await page.getByRole('button', { name: `Switch to ${before} theme` }).click();
    expect(await theme()).toBe(before);
  });

  it('keeps saved files and unsaved edits across a reload', async () => {
    await page.locator('.monaco-host .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('# unsaved-note\n');
    await page.locator('.tab.active', { hasText: '●' }).waitFor({ timeout: 10_000 });
    await page.reload();
    // Typed as soon as the VM says ready, while the shell may still be starting: nothing typed is lost.
    await page.getByTestId('vm-status').filter({ hasText: 'VM ready' }).waitFor({ timeout: 300_000 });
    await typeInTerminal(page, 'echo typed-$((6*7))\n');
    await waitForTerminal(page, /^typed-42\s*$/m, 120_000);
    await page.getByRole('button', { name: 'Dockerfile' }).first().waitFor({ timeout: 60_000 });
    const editor = page.locator('.monaco-host .view-lines');
    await editor.filter({ hasText: 'built-from-the-editor' }).waitFor({ timeout: 60_000 });
    await editor.filter({ hasText: 'unsaved-note' }).waitFor({ timeout: 10_000 });
    // The saved file is back in the fresh VM, too.
    await run('cat /root/workspace/Dockerfile', /built-from-the-editor"\]\s*$/m, 60_000);
  });

  it('is usable on a phone-sized screen', async () => {
    await page.setViewportSize({ width: 390, height: 780 });
    await page.getByRole('button', { name: 'Terminal', exact: true }).click();
    await waitForTerminal(page, PROMPT, 30_000);
    await page.screenshot({ path: join(shots, 'phone-terminal.png') });
  });
});
