// The playground in headless Chromium, as a learner gets it: a first visit fills the caches, then a second visit
// (same profile, service worker active) is measured. Timings are taken inside the page (performance.now()), from
// the keydown of Enter (or of the key) to the terminal DOM showing the result.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import type { Bench, Figure } from './figure.js';
import { summariseTrace, traced } from './chromium-trace.js';
import { median } from './figure.js';
import {
  exposeWharfHandles,
  openBrowser,
  repoRoot,
  serveApp,
  terminalText,
  waitForTerminal,
  type Browser,
} from '../test/e2e/harness.js';

declare global {
  interface Window {
    __wharfBench: {
      promptAt?: number;
      /** Resolves with ms from the next Enter (or key) keydown until `done(text)` holds (NaN after 15 min). */
      measure(done: string, kind: 'enter' | 'key'): Promise<number>;
      /** The measurement armed by the last `arm` call. */
      pending?: Promise<number>;
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
              : promptShown() &&
                lines
                  .slice(0, -1)
                  // Output lines only: the typed command line (after a prompt) names the needle too.
                  .some((l, i, all) => l.includes(needle!) && !/^\S+@\S+[#$] /.test(l) && i >= all.length - 40);
          if (!ok) return;
          const elapsed = performance.now() - t0;
          observer.disconnect();
          document.removeEventListener('keydown', onKey, true);
          resolve(elapsed);
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        setTimeout(() => {
          observer.disconnect();
          resolve(NaN);
        }, 900_000);
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

/**
 * Start watching for the next key before it is pressed: an evaluate left running while the key goes out races it
 * (the input event can reach the page first, and the measurement then waits for a keydown that already happened).
 */
async function arm(page: Page, done: string, kind: 'enter' | 'key'): Promise<void> {
  await page.evaluate(
    ([d, k]) => void (window.__wharfBench.pending = window.__wharfBench.measure(d!, k as 'enter' | 'key')),
    [done, kind],
  );
}

/** Type a command, press Enter, resolve with the in-page time until `done` holds. */
async function timeCommand(
  page: Page,
  command: string,
  done: string,
  options: { instrument?: boolean } = {},
): Promise<number> {
  await focusTerminal(page);
  await page.keyboard.type(command, { delay: 2 });
  if (options.instrument === false) {
    // A page without the bench hooks (the first visit): wait for the text in the terminal DOM from Node.
    await page.keyboard.press('Enter');
    // (xterm's rows hold non-breaking spaces: waitForTerminal normalises them, a locator's hasText does not.)
    const needle = done.replace(/^[a-z-]+:/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await waitForTerminal(page, new RegExp(needle), 900_000);
    return NaN;
  }
  await arm(page, done, 'enter');
  await page.keyboard.press('Enter');
  return page.evaluate(() => window.__wharfBench.pending!);
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
  const add = (f: Figure) => {
    figures.push(f);
    ctx.log(`${f.name}: ${f.value.toFixed(2)} ${f.unit}`);
  };
  const env = 'chromium' as const;
  // Measure the app as it is now: dist/ may be older than the sources (the e2e tier builds it the same way).
  const built = spawnSync(join(repoRoot, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: ['ignore', 2, 2],
  });
  if (built.status !== 0) throw new Error('vite build failed');
  add({
    name: 'app-shell JS+CSS before the VM starts (gzip)',
    value: appShellKB(),
    unit: 'KB',
    target: 400,
    env,
  });

  const app = await serveApp();
  const first = await openBrowser();
  let second: Browser | undefined;
  try {
    ctx.log('first visit (fills the service worker cache)');
    await first.page.goto(app.url);
    await first.page.getByTestId('vm-status').filter({ hasText: 'VM ready' }).waitFor({ timeout: 600_000 });
    await waitForTerminal(first.page, /[#$]$/m, 600_000);
    // The disk blocks Docker reads are fetched on demand: run the measured commands once so they are cached too.
    await timeCommand(first.page, 'docker run --rm busybox echo cached && docker ps', 'prompt-after:CONTAINER ID', {
      instrument: false,
    });
    await first.page.waitForTimeout(3000); // let the cache writes of the last responses finish
    await first.close();

    ctx.log('second visit (assets cached)');
    second = await openBrowser({ profile: first.profile });
    const page = second.page;
    let networkBytes = 0;
    page.on('response', (r) => {
      if (!r.fromServiceWorker())
        void r.body().then(
          (b) => (networkBytes += b.length),
          () => undefined,
        );
    });
    // Stamped with the Node clock, so the API requests the worker logs line up with the figures around them.
    const t0 = Date.now();
    page.on('console', (m) => {
      if (m.text().startsWith('[wharf]')) ctx.log(`page +${((Date.now() - t0) / 1000).toFixed(1)} s: ${m.text()}`);
    });
    // tsx compiles this file with esbuild's keepNames: functions serialised into the page call its `__name` helper.
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await page.addInitScript(instrument);
    await exposeWharfHandles(page);
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
    add({ name: 'first paint (second visit)', value: paint / 1000, unit: 's', target: 1, env });
    add({ name: 'page load -> prompt accepting input', value: prompt / 1000, unit: 's', target: 2.5, env });
    add({ name: 'VM restore -> shell usable (worker)', value: readyMs / 1000, unit: 's', target: 2, env });

    // The learner's first commands, typed right after the prompt appears (the VM is still warming up).
    const ps = await timeCommand(page, 'docker ps', 'prompt-after:CONTAINER ID');
    add({
      name: "learner's first docker ps",
      value: ps / 1000,
      unit: 's',
      target: 5,
      native: 0.03,
      env,
      compare: 'first docker ps after the prompt',
    });
    const run1 = await timeCommand(page, 'docker run --rm busybox echo hi-first', 'prompt-after:hi-first');
    add({ name: "learner's first docker run --rm busybox echo hi", value: run1 / 1000, unit: 's', env });
    // Then the learner reads until the status line says all is ready: the Kubernetes node starts and the warm-up
    // (the only time the browser's JIT compiles) runs while the terminal is quiet. Node's warm figures are taken
    // after its warm-up too (bench/vm.bench.ts).
    const reading = Date.now();
    await page.waitForFunction(
      () => {
        const view = (
          window as unknown as { wharf: { store: { get(): { warm: boolean; kubernetes: { state: string } } } } }
        ).wharf.store.get();
        return view.warm && (view.kubernetes.state === 'ready' || view.kubernetes.state === 'failed');
      },
      undefined,
      { timeout: 600_000, polling: 500 },
    );
    add({
      name: 'the learner reads until the node is up and the warm-up done',
      value: (Date.now() - reading) / 1000,
      unit: 's',
      env,
    });
    const runs: number[] = [];
    runs.push(await timeCommand(page, 'docker run --rm busybox echo hi-warm0', 'prompt-after:hi-warm0'));
    // The second under Chromium's tracing: what the page's main thread does while a container starts.
    const { result: tracedRun, events } = await traced(await second.context.newCDPSession(page), () =>
      timeCommand(page, 'docker run --rm busybox echo hi-warm1', 'prompt-after:hi-warm1'),
    );
    runs.push(tracedRun);
    const trace = summariseTrace(events);
    for (const [thread, label] of [
      ['CrRendererMain', "the page's main thread"],
      ['DedicatedWorker thread', 'the VM worker'],
      ['ThreadPoolForegroundWorker', "V8's compile threads"],
    ] as const) {
      add({
        name: `busy during a traced warm docker run: ${label}`,
        value: trace.threads.get(thread) ?? 0,
        unit: 's',
        env,
      });
      const top = [...(trace.tasks.get(thread) ?? [])].sort((a, b) => b[1] - a[1]).slice(0, 8);
      ctx.log(`${label}: ${top.map(([name, s]) => `${name} ${s.toFixed(2)} s`).join(', ')}`);
    }
    add({
      name: 'warm docker run --rm busybox echo hi',
      value: median(runs) / 1000,
      unit: 's',
      target: 5,
      native: 0.3,
      env,
      compare: 'warm docker run',
    });
    // The same two-step build as bench/vm.bench.ts (FROM + RUN), without the cache so the RUN step really runs.
    await timeCommand(
      page,
      "mkdir -p /root/bench-build && printf 'FROM busybox\\nRUN echo step > /step.txt\\n' > /root/bench-build/Dockerfile && echo written-$((1+1))",
      'prompt-after:written-2',
    );
    const builds: number[] = [];
    for (let i = 0; i < 2; i++)
      builds.push(
        await timeCommand(
          page,
          `docker build --no-cache -q -t bench/two-step /root/bench-build && echo built-$((${i}+10))`,
          `prompt-after:built-${i + 10}`,
        ),
      );
    add({
      name: 'warm two-step docker build',
      value: median(builds) / 1000,
      unit: 's',
      target: 8,
      env,
      compare: 'warm two-step docker build',
    });

    // Kubernetes from the terminal, as in bench/walkthrough.bench.ts: kubectl in the guest against the worker's API
    // server, pods as containers in the guest.
    await timeCommand(page, 'kubectl get pods; echo kgp-$((0+1))', 'prompt-after:kgp-1');
    const gets: number[] = [];
    for (let i = 0; i < 3; i++)
      gets.push(await timeCommand(page, `kubectl get pods; echo kgp-$((${i}+10))`, `prompt-after:kgp-${i + 10}`));
    add({
      name: 'kubectl get pods in the guest (warm)',
      value: median(gets) / 1000,
      unit: 's',
      target: 2.5,
      env,
      compare: 'kubectl get pods, warm',
    });
    await timeCommand(
      page,
      'kubectl create deployment bench-nginx --image=nginx --replicas=3 --dry-run=client -o yaml > /root/bench-deploy.yaml && echo manifest-$((2+1))',
      'prompt-after:manifest-3',
    );
    const apply = await timeCommand(
      page,
      'kubectl apply -f /root/bench-deploy.yaml && kubectl rollout status deployment/bench-nginx && echo rolled-$((3+1))',
      'prompt-after:rolled-4',
    );
    add({ name: 'kubectl apply 3-replica nginx -> all Ready', value: apply / 1000, unit: 's', target: 30, env });
    // As bench/walkthrough.bench.ts: the victim is known before the clock starts, and the figure runs from
    // `kubectl delete pod` (which waits for the graceful stop) until 3 pods are Ready again. The guest records when
    // the delete returned and when the loop saw 3 Ready, and Docker's events say when the old container got its
    // stop signal and died and when the new one was created and started; the guest's disk reads in that time (each is
    // a fetch through the service worker in the page, a file read in Node) go with them into the log.
    await timeCommand(
      page,
      'V=$(kubectl get pods -l app=bench-nginx -o name | head -n 1); S=$(date +%s); D1=$(awk \'$3=="sda" {print $4, $6}\' /proc/diskstats); echo victim-$((4+0))',
      'prompt-after:victim-4',
    );
    const replaced = await timeCommand(
      page,
      'T1=$(date +%s%3N); kubectl delete $V && T2=$(date +%s%3N) && until [ "$(kubectl get deploy bench-nginx -o jsonpath=\'{.status.readyReplicas}\')" = 3 ]; do sleep 1; done; T3=$(date +%s%3N); echo replaced-$((4+1))',
      'prompt-after:replaced-5',
    );
    await timeCommand(
      page,
      `clear; set -- $D1 $(awk '$3=="sda" {print $4, $6}' /proc/diskstats); echo "phases: delete returned +$((T2-T1)) ms, 3 Ready +$((T3-T1)) ms, $(($3-$1)) disk reads ($((($4-$2)/2048)) MB)"; docker events --since $S --until $(date +%s) --filter type=container --filter label=io.kubernetes.pod.namespace=default --format '{{.TimeNano}} {{.Action}} {{.Actor.Attributes.signal}}' | awk -v t=$T1 'BEGIN {printf "docker:"} {a=$2; if ($3 ~ /^[0-9]+$/) a=a "(" $3 ")"; printf " %s +%.1f s", a, ($1/1e6-t)/1e3} END {print ""}'; echo phases-$((5+1))`,
      'prompt-after:phases-6',
    );
    const screen = await terminalText(page);
    for (const line of screen.split('\n')) if (/^(phases|docker):/.test(line)) ctx.log(`pod replacement ${line}`);
    add({ name: 'deleted pod replaced -> 3 Ready', value: replaced / 1000, unit: 's', target: 15, env });

    // Keystroke echo: one key at a time, from keydown to the character on screen.
    await focusTerminal(page);
    await page.keyboard.type('clear\n');
    await page.waitForTimeout(500);
    const echoes: number[] = [];
    const word = 'qzjxkvqzjxkvqzjxkvqz'; // letters absent from the prompt, so each prefix is new on screen
    for (let i = 0; i < word.length; i++) {
      await arm(page, `contains:${word.slice(0, i + 1)}`, 'key');
      await page.keyboard.press(word[i]!);
      echoes.push(await page.evaluate(() => window.__wharfBench.pending!));
    }
    await page.keyboard.press('Control+U');
    add({ name: 'keystroke echo (median)', value: median(echoes), unit: 'ms', target: 50, env });

    const seq = await timeCommand(page, 'seq 1 20000', 'prompt-after:20000');
    add({ name: 'seq 1 20000 fully rendered', value: seq / 1000, unit: 's', target: 5, env });
    add({
      name: 'bytes from the network on the second visit',
      value: networkBytes / 1024 / 1024,
      unit: 'MB',
      env,
    });
  } catch (error) {
    // What the page showed when it went wrong (a VM error screen, a terminal that never printed its prompt).
    const shot = join(repoRoot, 'test-results', 'bench-browser-failure.png');
    mkdirSync(dirname(shot), { recursive: true });
    await (second ?? first).page.screenshot({ path: shot }).then(
      () => ctx.log(`screenshot of the failure: ${shot}`),
      () => undefined,
    );
    throw error;
  } finally {
    await second?.dispose();
    await first.dispose();
    await app.stop();
  }
  return figures;
};

export default bench;
