// Runs every bench/*.bench.ts in one process and prints one table (or JSON with --json).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ratioFigures, type Bench, type Figure } from './figure.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const filters = args.filter((a) => !a.startsWith('--'));
const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const figures: Figure[] = [];
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
for (const file of files) {
  log(`running ${file}${quick ? ' (quick)' : ''}`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: Bench };
  try {
    figures.push(...(await mod.default({ quick, log })));
  } catch (error) {
    log(`${file} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  }
}

figures.push(...ratioFigures(figures));

if (json) {
  console.log(JSON.stringify(figures, null, 2));
} else {
  const rows = figures.map((f) => {
    const ok =
      f.target === undefined ? '' : (f.higherIsBetter ? f.value >= f.target : f.value <= f.target) ? 'ok' : 'MISS';
    const ratio = f.native ? `${(f.value / f.native).toFixed(1)}x native` : '';
    return [
      f.env,
      f.name,
      `${round(f.value)} ${f.unit}`,
      f.target === undefined ? '' : `${f.target} ${f.unit}`,
      ok,
      f.native === undefined ? '' : `${f.native} ${f.unit}`,
      ratio,
    ];
  });
  const head = ['env', 'figure', 'value', 'target', '', 'native', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
}

function round(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}
