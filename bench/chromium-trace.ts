// Chromium's own tracing for the browser benches: where a stretch of page time went, thread by thread.
import type { CDPSession } from 'playwright-core';

export interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

/** Busy time per thread (top-level slices, so nothing counts twice) and the optimising compiles, from a trace. */
export function summariseTrace(events: readonly TraceEvent[]): {
  /** Per thread name, seconds per slice name, nested slices included (what it was doing). */
  tasks: Map<string, Map<string, number>>;
  threads: Map<string, number>;
  topTierS: number;
  topTierCount: number;
} {
  const names = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
  const slices = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.pid - b.pid || a.tid - b.tid || a.ts - b.ts || b.dur! - a.dur!);
  const threads = new Map<string, number>();
  const busyUntil = new Map<string, number>();
  let topTierS = 0;
  let topTierCount = 0;
  const tasks = new Map<string, Map<string, number>>();
  for (const e of slices) {
    const key = `${e.pid}:${e.tid}`;
    const thread = (names.get(key) ?? 'unnamed').replace(/\d+$/, '');
    const perName = tasks.get(thread) ?? new Map<string, number>();
    tasks.set(thread, perName.set(e.name, (perName.get(e.name) ?? 0) + e.dur! / 1e6));
    if (e.name === 'wasm.TopTierCompilation') {
      topTierS += e.dur! / 1e6;
      topTierCount++;
    }
    if (e.ts < (busyUntil.get(key) ?? 0)) continue; // nested in a slice already counted
    busyUntil.set(key, e.ts + e.dur!);
    threads.set(thread, (threads.get(thread) ?? 0) + e.dur! / 1e6);
  }
  return { tasks, threads, topTierS, topTierCount };
}

/** Run `run` with Chromium's tracing on (top-level tasks and V8's wasm compiles) and hand back its events. */
export async function traced<T>(cdp: CDPSession, run: () => Promise<T>): Promise<{ result: T; events: TraceEvent[] }> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'v8.wasm', 'disabled-by-default-v8.compile'] },
    transferMode: 'ReportEvents',
  });
  const result = await run();
  await cdp.send('Tracing.end');
  await complete;
  return { result, events };
}
