// The playground in headless Chromium, as a learner gets it: a first visit fills the caches, then a second visit
// (same profile, service worker active) is measured. Timings are taken inside the page (performance.now()), from
// the keydown of Enter (or of the key) to the terminal DOM showing the result.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import type { Bench, Figure } from './figure.js';
import { median } from './figure.js';
import { openBrowser, repoRoot, serveApp } from '../test/e2e/harness.js';

declare global {
  interface Window {
    __wharfBench: {
      promptAt?: number;
      /** Resolves with ms from the next Enter (or key) keydown until `done(text)` holds. */
      measure(done: string, kind: 'enter' | 'key'): Promise<number>;
    };
  }
}

/** Installed before the app's scripts: watches the terminal DOM and keystrokes with the page's own clock. */
function instrument(): void {
  const screenText = () => {
    const view = [...document.querySelectorAll<HTMLElement>('.terminal-view')].find((v) => !v.hidden);
    return [...(view?.querySelectorAll('.xterm-rows > div') ?? [])].map((r) =>
      (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd(),
    );
  };
  const promptShown = () => {
    const lines = screenText().filter((l) => l !== '');
    return lines.length > 0 && /[#$]$/.test(lines[lines.length - 1]!);
  };
  const bench: Window['__wharfBench'] = {
    measure(done, kind) {
      // `done` is a tiny predicate source (kept as a string so it crosses from Node): "prompt after <text>".
      const [, mode, needle] = /^(prompt-after|contains):(.*)$/s.exec(done)!;
      return new Promise((resolve) => {
        let t0: number | undefined;
        const onKey = (e: KeyboardEvent) => {
          if (t0 === undefined && (kind === 'key' || e.key === 'Enter')) t0 = performance.now();
        };
        document.addEventListener('keydown', onKey, true);
        const check = () => {
          if (t0 === undefined) return;
          const lines = screenText();
          const text = lines.join('\n');
          const ok =
            mode === 'contains'
              ? text.includes(needle!)
              : promptShown() && lines.slice(0, -1).some((l, i, all) => l.includes(needle!) && i >= all.length - 40);
          if (!ok) return;
          const elapsed = performance.now() - t0;
          observer.disconnect();
          document.removeEventListener('keydown', onKey, true);
          resolve(elapsed);
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
    },
  };
  window.__wharfBench = bench;
  const watch = new MutationObserver(() => {
    if (bench.promptAt === undefined && promptShown()) {
      bench.promptAt = performance.now();
      watch.disconnect();
    }
  });
  document.addEventListener('DOMContentLoaded', () =>
    watch.observe(document.body, { subtree: true, childList: true, characterData: true }),
  );
}

async function focusTerminal(page: Page): Promise<void> {
  await page.locator('.terminal-view:not([hidden]) .xterm-helper-textarea').focus();
}

/** Type a command, press Enter, resolve with the in-page time until `done` holds. */
async function timeCommand(page: Page, command: string, done: string): Promise<number> {
  await focusTerminal(page);
  await page.keyboard.type(command, { delay: 2 });
  const pending = page.evaluate((d) => window.__wharfBench.measure(d, 'enter'), done);
  await page.keyboard.press('Enter');
  return pending;
}

/** Compressed bytes of the JS (and CSS) index.html loads before anything lazy: what a first visit must fetch. */
function appShellKB(): number {
  const dist = join(repoRoot, 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const bytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f))).length, 0);
  return bytes / 1024;
}

const bench: Bench = async (ctx) => {
  if (ctx.quick) return []; // --quick is Node-only by definition
  const figures: Figure[] = [];
  const env = 'chromium' as const;
  figures.push({
    name: 'app-shell JS+CSS before the VM starts (gzip)',
    value: appShellKB(),
    unit: 'KB',
    target: 400,
    env,
  });

  const app = await serveApp();
  const first = await openBrowser();
  try {
    ctx.log('first visit (fills the service worker cache)');
    await first.page.goto(app.url);
    await first.page.getByTestId('vm-status').filter({ hasText: 'VM ready' }).waitFor({ timeout: 600_000 });
    await first.page.waitForTimeout(3000); // let the cache writes of the last responses finish
    await first.close();

    ctx.log('second visit (assets cached)');
    const second = await openBrowser({ profile: first.profile });
    const page = second.page;
    let networkBytes = 0;
    page.on('response', (r) => {
      if (!r.fromServiceWorker())
        void r.body().then(
          (b) => (networkBytes += b.length),
          () => undefined,
        );
    });
    await page.addInitScript(instrument);
    await page.goto(app.url);
    await page.waitForFunction(() => window.__wharfBench?.promptAt !== undefined, undefined, { timeout: 600_000 });
    const paint = await page.evaluate(
      () => performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime ?? NaN,
    );
    const prompt = await page.evaluate(() => window.__wharfBench.promptAt!);
    const readyMs = await page.evaluate(
      () =>
        (window as unknown as { wharf: { store: { get(): { readyMs?: number } } } }).wharf.store.get().readyMs ?? NaN,
    );
    figures.push({ name: 'first paint (second visit)', value: paint / 1000, unit: 's', target: 1, env });
    figures.push({ name: 'page load -> prompt accepting input', value: prompt / 1000, unit: 's', target: 2.5, env });
    figures.push({ name: 'VM restore -> shell usable (worker)', value: readyMs / 1000, unit: 's', env });

    // The learner's first commands, typed right after the prompt appears (the VM is still warming up).
    const ps = await timeCommand(page, 'docker ps', 'prompt-after:CONTAINER ID');
    figures.push({ name: "learner's first docker ps", value: ps / 1000, unit: 's', env });
    const run1 = await timeCommand(page, 'docker run --rm busybox echo hi-first', 'prompt-after:hi-first');
    figures.push({ name: "learner's first docker run", value: run1 / 1000, unit: 's', env });
    const run2 = await timeCommand(page, 'docker run --rm busybox echo hi-warm', 'prompt-after:hi-warm');
    figures.push({ name: 'warm docker run --rm busybox echo', value: run2 / 1000, unit: 's', native: 0.3, env });

    // Keystroke echo: one key at a time, from keydown to the character on screen.
    await focusTerminal(page);
    await page.keyboard.type('clear\n');
    await page.waitForTimeout(500);
    const echoes: number[] = [];
    const word = 'qzjxkvqzjxkvqzjxkvqz'; // letters absent from the prompt, so each prefix is new on screen
    for (let i = 0; i < word.length; i++) {
      const pending = page.evaluate((d) => window.__wharfBench.measure(d, 'key'), `contains:${word.slice(0, i + 1)}`);
      await page.keyboard.press(word[i]!);
      echoes.push(await pending);
    }
    await page.keyboard.press('Control+U');
    figures.push({ name: 'keystroke echo (median)', value: median(echoes), unit: 'ms', target: 50, env });

    const seq = await timeCommand(page, 'seq 1 20000', 'prompt-after:20000');
    figures.push({ name: 'seq 1 20000 fully rendered', value: seq / 1000, unit: 's', target: 5, env });
    figures.push({
      name: 'bytes from the network on the second visit',
      value: networkBytes / 1024 / 1024,
      unit: 'MB',
      env,
    });
    await second.dispose();
  } finally {
    await first.dispose();
    await app.stop();
  }
  return figures;
};

export default bench;
