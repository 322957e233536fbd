import { describe, expect, it } from 'vitest';
import { summariseTrace } from './chromium-trace.js';

describe('summariseTrace', () => {
  it('counts each thread busy once per top-level slice and totals the optimising compiles', () => {
    const summary = summariseTrace([
      { ph: 'M', name: 'thread_name', pid: 1, tid: 2, ts: 0, args: { name: 'ThreadPoolForegroundWorker' } },
      { ph: 'M', name: 'thread_name', pid: 1, tid: 3, ts: 0, args: { name: 'ThreadPoolForegroundWorker' } },
      { ph: 'M', name: 'thread_name', pid: 1, tid: 4, ts: 0, args: { name: 'CrRendererMain' } },
      { ph: 'X', name: 'ThreadPool_RunTask', pid: 1, tid: 2, ts: 0, dur: 2_000_000 },
      { ph: 'X', name: 'wasm.TopTierCompilation', pid: 1, tid: 2, ts: 100, dur: 1_500_000 },
      { ph: 'X', name: 'wasm.TopTierCompilation', pid: 1, tid: 3, ts: 0, dur: 500_000 },
      { ph: 'X', name: 'RunTask', pid: 1, tid: 4, ts: 0, dur: 300_000 },
      { ph: 'X', name: 'Paint', pid: 1, tid: 4, ts: 10, dur: 200_000 },
      { ph: 'B', name: 'ignored', pid: 1, tid: 4, ts: 0 },
    ]);
    expect(summary.threads).toEqual(
      new Map([
        ['ThreadPoolForegroundWorker', 2.5],
        ['CrRendererMain', 0.3],
      ]),
    );
    expect(summary.topTierS).toBe(2);
    expect(summary.topTierCount).toBe(2);
    expect(summary.tasks.get('CrRendererMain')).toEqual(
      new Map([
        ['RunTask', 0.3],
        ['Paint', 0.2],
      ]),
    );
  });
});
