// Starts the bare worker with the page's query string (?compile=async|inline) and keeps its report for the bench.
import type { ProbeStep } from '../vm-probe.js';

export interface BareReport {
  readyMs?: number;
  steps?: ProbeStep[];
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
worker.postMessage({
  compile: query.get('compile') ?? 'async',
  steps: Number(query.get('steps') ?? 99),
  tuning: JSON.parse(query.get('tuning') ?? '{}'),
});
