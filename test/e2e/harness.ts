// Shared set-up of the browser tests and the browser bench: the built app (dist/) and the /vm/ assets served by
// `vite preview` on a free port, and Debian's headless Chromium driven by playwright-core with a fresh profile.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.WHARF_CHROMIUM ?? '/usr/bin/chromium';
/**
 * Screenshots of every run land in test-results/ (ignored) to look at; the curated ones in docs/screenshots/ are
 * copied from there by hand, so a test run never rewrites tracked files. WHARF_SHOTS overrides the folder.
 */
export const SHOTS = process.env.WHARF_SHOTS ?? join(repoRoot, 'test-results', 'screenshots');
/** A shell prompt at the end of a terminal line. */
export const PROMPT = /[#$]$/m;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface Served {
  url: string;
  stop(): Promise<void>;
}

/** `vite preview` of dist/ (built by scripts/test.mjs before this tier). */
export async function serveApp(): Promise<Served> {
  if (!existsSync(join(repoRoot, 'dist', 'index.html')))
    throw new Error('dist/ is missing: run `npx vite build` first');
  const port = await freePort();
  const child: ChildProcess = spawn(
    join(repoRoot, 'node_modules', '.bin', 'vite'),
    ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${log}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Close the browser but keep the profile (a "second visit" reuses it). */
  close(): Promise<void>;
  /** Close and delete the profile. */
  dispose(): Promise<void>;
  profile: string;
}

/** Headless Chromium with its own profile (cache, service worker, IndexedDB live there). */
export async function openBrowser(
  options: { profile?: string; width?: number; height?: number; args?: readonly string[] } = {},
): Promise<Browser> {
  const profile = options.profile ?? mkdtempSync(join(tmpdir(), 'wharf-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
      ...(options.args ?? []),
    ],
    viewport: { width: options.width ?? 1366, height: options.height ?? 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    profile,
    close: () => context.close(),
    async dispose() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Give a test the page's worker client and store as `window.wharf`. The app puts nothing on `window` by itself
 * (src/ui/main.tsx hands its handles to a `wharfTestHook` installed before it loads); call before `goto`.
 */
export async function exposeWharfHandles(page: Page): Promise<void> {
  await page.addInitScript({ content: 'globalThis.wharfTestHook = (handles) => { globalThis.wharf = handles; };' });
}

/** The visible text of the active terminal (xterm's accessibility-free DOM renderer rows). */
export async function terminalText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const view = [...document.querySelectorAll<HTMLElement>('.terminal-view')].find((v) => !v.hidden);
    const rows = view?.querySelectorAll('.xterm-rows > div') ?? [];
    // Rows are padded to the terminal width: trim them so `$` in a pattern means the end of the printed text.
    return [...rows].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).join('\n');
  });
}

/** Wait until the active terminal shows text matching `re`. */
export async function waitForTerminal(page: Page, re: RegExp, timeoutMs = 120_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await terminalText(page);
    if (re.test(text)) return text;
    await page.waitForTimeout(100);
  }
  throw new Error(`terminal never showed ${re}; it shows:\n${text}`);
}

/** Type into the active terminal as a learner would. */
export async function typeInTerminal(page: Page, text: string): Promise<void> {
  await page.locator('.terminal-view:not([hidden]) .xterm-helper-textarea').focus();
  await page.keyboard.type(text, { delay: 5 });
}

/** Run a command in the active terminal and wait until text matching `expected` shows. */
export async function runInTerminal(page: Page, command: string, expected: RegExp, timeoutMs: number): Promise<string> {
  await typeInTerminal(page, `${command}\n`);
  return waitForTerminal(page, expected, timeoutMs);
}

/**
 * The newest lines the worker logged ([wharf] ...) in this file's playground, with seconds since it started, and its
 * page: a failed test prints both (failureReport, setup.ts), so a hang in CI shows what the VM, the node and the
 * warm-up were doing and what the learner saw.
 */
const workerLog: string[] = [];
const WORKER_LOG_LINES = 300;
let currentPage: Page | undefined;

/** What to read when a browser test failed: the status line, the open step, the terminal, the worker's log. */
export async function failureReport(): Promise<string> {
  const page = currentPage;
  const read = async (what: () => Promise<string>) => (await what().catch(() => '?')).trim();
  const parts = page
    ? [
        `status line: ${await read(() => page.getByTestId('vm-status').innerText({ timeout: 2000 }))}`,
        `open step:\n${await read(() => page.locator('section.step.open').innerText({ timeout: 2000 }))}`,
        `terminal:\n${await read(() => terminalText(page))}`,
      ]
    : [];
  parts.push(`the worker's last ${workerLog.length} log lines:\n${workerLog.join('\n')}`);
  return parts.join('\n\n');
}

export interface Playground {
  app: Served;
  browser: Browser;
  page: Page;
  stop(): Promise<void>;
}

/** A suite's set-up: the app served, a fresh Chromium, page errors logged, the screenshot folder made. */
export async function startPlayground(): Promise<Playground> {
  mkdirSync(SHOTS, { recursive: true });
  const app = await serveApp();
  const browser = await openBrowser();
  browser.page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  workerLog.length = 0;
  currentPage = browser.page;
  const started = Date.now();
  browser.page.on('console', (m) => {
    const text = m.text();
    // The worker's own lines (a disk read tried again among them), and any console error.
    if (!text.includes('[wharf]') && m.type() !== 'error') return;
    const line = `${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s  ${text}`;
    workerLog.push(line);
    if (workerLog.length > WORKER_LOG_LINES) workerLog.shift();
    // WHARF_E2E_CONSOLE=1: every line as it comes, to follow a run.
    if (process.env.WHARF_E2E_CONSOLE) console.log(`page: ${line}`);
  });
  return {
    app,
    browser,
    page: browser.page,
    async stop() {
      await browser.dispose();
      await app.stop();
    },
  };
}
