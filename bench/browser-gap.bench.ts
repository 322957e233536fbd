// Where the browser's extra time goes (issue #11): the same guest commands (bench/vm-probe.ts) run on the emulator
// alone in Node and in a bare Chromium page whose worker holds nothing but the emulator (bench/bare-vm/), so the
// page, terminals and control plane are out of the picture. Three runs in one go: Node as it ships (JIT on), the
// browser as it ships (JIT off), and the browser with the JIT on under Chromium's tracing, which says which threads
// the time went to and how much of it was V8 recompiling v86's modules with its optimising tier.
import { createServer } from 'vite';
import type { Bench, Figure } from './figure.js';
import { median } from './figure.js';
import { runProbe, type ProbeReport, type ProbeStep } from './vm-probe.js';
import { BROWSER_JIT } from '../src/worker/browser-jit.js';
import { summariseTrace, traced } from './chromium-trace.js';
import type { BareReport } from './bare-vm/main.js';
import { startVm } from '../src/vm/index.js';
import { nodeAssets } from '../src/vm/node-assets.js';
import { buildDir, requireBuild } from '../test/vm/boot.js';
import { openBrowser, repoRoot } from '../test/e2e/harness.js';

const stepSeconds = (steps: ProbeStep[], prefix: string) =>
  median(
    steps
      .filter((s) => s.name.startsWith(prefix))
      .slice(1)
      .map((s) => s.ms / 1000),
  );

/** The probe's figures for one environment, under the keys the runner pairs into Chromium/Node ratios. */
function probeFigures(report: ProbeReport, env: 'node' | 'chromium', label: string, compare: boolean): Figure[] {
  const { steps } = report;
  const jit = steps.reduce((a, s) => ({ modules: a.modules + s.jit.modules, waitS: a.waitS + s.jit.waitMs / 1000 }), {
    modules: 0,
    waitS: 0,
  });
  const key = (k: string) => (compare ? { compare: `emulator alone: ${k}` } : {});
  const warm: Figure[] = report.warmUp
    ? [
        { name: `${label}: warm-up (after the first command)`, value: report.warmUp.ms / 1000, unit: 's', env },
        { name: `${label}: modules compiled during the warm-up`, value: report.warmUp.modules, unit: 'count', env },
      ]
    : [];
  return [
    { name: `${label}: first docker ps`, value: steps[0]!.ms / 1000, unit: 's', env, ...key('first docker ps') },
    ...warm,
    {
      name: `${label}: docker run (2nd-3rd)`,
      value: stepSeconds(steps, 'docker run'),
      unit: 's',
      env,
      ...key('docker run'),
    },
    {
      name: `${label}: two-step build (2nd-3rd)`,
      value: stepSeconds(steps, 'docker build'),
      unit: 's',
      env,
      ...key('build'),
    },
    {
      name: `${label}: kubectl version (2nd)`,
      value: steps.at(-1)!.ms / 1000,
      unit: 's',
      env,
      ...key('kubectl version'),
    },
    { name: `${label}: wasm modules compiled during the commands`, value: jit.modules, unit: 'count', env },
    { name: `${label}: v86 waiting for a compile`, value: jit.waitS, unit: 's', env },
    {
      name: `${label}: disk chunks read during the commands (requests, in the browser)`,
      value: steps.reduce((sum, s) => sum + s.diskReads, 0),
      unit: 'count',
      env,
    },
  ];
}

/** How long the learner reads after the warm-up, before the warm figures: long enough for V8's last compiles. */
const READ_MS = 20_000;

/** The bare page's runs: as the page runs the guest, without the JIT, and with the JIT always on (traced). */
const CHROMIUM_RUNS = [
  {
    label: 'Chromium, as shipped',
    query: `compile=async&jitCompiles=${BROWSER_JIT.jitCompiles}&budget=${BROWSER_JIT.jitModuleBudget}&readMs=${READ_MS}`,
    compare: true,
    trace: false,
  },
  { label: 'Chromium, JIT off', query: `compile=off&readMs=${READ_MS}`, compare: false, trace: false },
  // No warm-up: what a JIT that compiles during the commands costs, and where V8's time goes.
  { label: 'Chromium, JIT always on', query: 'compile=async', compare: false, trace: true },
] as const;

const bench: Bench = async ({ quick, log }) => {
  if (quick) return [];
  requireBuild();
  const figures: Figure[] = [];

  log('emulator alone in Node (JIT on, as Node runs it; the warm-up after the first command)');
  const vm = await startVm({ assets: nodeAssets(buildDir), warmUp: 'manual' });
  try {
    const report = await runProbe(vm, (l) => log(`node: ${l}`), { readMs: READ_MS });
    figures.push(...probeFigures(report, 'node', 'Node, JIT on', true));
  } finally {
    await vm.destroy();
  }

  // The dev server compiles the bare page's TypeScript on request; no reloads while the bench runs.
  const server = await createServer({ root: repoRoot, logLevel: 'warn', server: { port: 0, hmr: false, watch: null } });
  await server.listen();
  const url = `${server.resolvedUrls!.local[0]!}bench/bare-vm/index.html`;
  try {
    for (const variant of CHROMIUM_RUNS) {
      log(`emulator alone in a Chromium worker: ${variant.label}${variant.trace ? ', traced' : ''}`);
      const browser = await openBrowser();
      try {
        const page = browser.page;
        page.on('console', (m) => log(`page: ${m.text()}`));
        const run = async () => {
          await page.goto(`${url}?${variant.query}`);
          await page.waitForFunction(() => Boolean(window.bareReport?.steps || window.bareReport?.error), undefined, {
            timeout: 1_800_000,
            polling: 1000,
          });
          return page.evaluate(() => window.bareReport as BareReport);
        };
        const { result: report, events } = variant.trace
          ? await traced(await browser.context.newCDPSession(page), run)
          : { result: await run(), events: [] };
        if (report.error || !report.steps) throw new Error(`bare page: ${report.error ?? 'no report'}`);
        for (const s of report.steps)
          log(`${variant.label}: ${s.name} ${(s.ms / 1000).toFixed(2)} s, ${s.jit.modules} modules`);
        figures.push(
          ...probeFigures({ steps: report.steps, warmUp: report.warmUp }, 'chromium', variant.label, variant.compare),
        );
        if (variant.trace) {
          const summary = summariseTrace(events);
          for (const [thread, s] of [...summary.threads].sort((a, b) => b[1] - a[1]).slice(0, 4))
            figures.push({
              name: `${variant.label}: busy time of ${thread} threads`,
              value: s,
              unit: 's',
              env: 'chromium',
            });
          figures.push(
            {
              name: `${variant.label}: V8 optimising compiles (wasm.TopTierCompilation)`,
              value: summary.topTierS,
              unit: 's',
              env: 'chromium',
            },
            {
              name: `${variant.label}: optimising compiles`,
              value: summary.topTierCount,
              unit: 'count',
              env: 'chromium',
            },
          );
        }
      } finally {
        await browser.dispose();
      }
    }
  } finally {
    await server.close();
  }
  return figures;
};

export default bench;
