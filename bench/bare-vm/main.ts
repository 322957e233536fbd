// Starts the bare worker with the page's query string (?compile=off|async|inline, jitCompiles, budget, readMs: see
// BareOptions) and keeps its report for the bench.
import type { ProbeReport } from '../vm-probe.js';
import type { BareOptions } from './worker.js';

export interface BareReport extends Partial<ProbeReport> {
  readyMs?: number;
  error?: string;
}

declare global {
  interface Window {
    bareReport: BareReport;
  }
}

window.bareReport = {};
const log = document.getElementById('log')!;
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (e: MessageEvent<{ line?: string; report?: BareReport }>) => {
  if (e.data.line) log.textContent += `${e.data.line}\n`;
  if (e.data.report) window.bareReport = e.data.report;
};
const query = new URLSearchParams(location.search);
const number = (name: string) => (query.has(name) ? Number(query.get(name)) : undefined);
const options: BareOptions = {
  compile: (query.get('compile') ?? 'async') as BareOptions['compile'],
  count: number('steps'),
  tuning: JSON.parse(query.get('tuning') ?? '{}') as BareOptions['tuning'],
  jitCompiles: (query.get('jitCompiles') ?? undefined) as BareOptions['jitCompiles'],
  jitModuleBudget: number('budget'),
  readMs: number('readMs'),
};
worker.postMessage(options);
