import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('starts at 10 s, doubles, and caps at 5 minutes', () => {
    const clock = new FakeClock();
    const b = new Backoff(clock);
    const delays = [];
    for (let i = 0; i < 8; i++) {
      delays.push(b.next('p/c'));
      clock.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });

  it('tells how long to wait, and forgets after 10 minutes without failure', () => {
    const clock = new FakeClock();
    const b = new Backoff(clock);
    b.next('k');
    clock.advance(4_000);
    expect(b.remaining('k')).toBe(6_000);
    b.next('k');
    expect(b.remaining('k')).toBe(20_000);
    clock.advance(601_000);
    expect(b.next('k')).toBe(10_000);
  });
});
