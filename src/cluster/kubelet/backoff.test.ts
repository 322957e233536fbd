import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('lets the first retry go at once, then waits 10 s, doubling up to 5 minutes', () => {
    const clock = new FakeClock();
    const b = new Backoff(clock);
    expect(b.remaining('k', clock.now())).toBe(0);
    const delays = [];
    for (let i = 0; i < 8; i++) {
      delays.push(b.next('k'));
      clock.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });

  it('measures the wait from the failure time, and forgets after 10 quiet minutes', () => {
    const clock = new FakeClock();
    const b = new Backoff(clock);
    b.next('k');
    const died = clock.now() + 3_000;
    clock.advance(4_000);
    expect(b.remaining('k', died)).toBe(9_000);
    clock.advance(601_000);
    expect(b.remaining('k', clock.now())).toBe(0);
    expect(b.next('k')).toBe(10_000);
  });
});
