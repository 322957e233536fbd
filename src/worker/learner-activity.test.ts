import { describe, expect, it } from 'vitest';
import { LearnerActivity, QUIET_MS } from './learner-activity.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const PROMPT = '\x1b[1;36mroot@wharf\x1b[0m:\x1b[1;34m~/workspace\x1b[0m# ';

describe('LearnerActivity', () => {
  it('is idle at first and after a quiet moment', () => {
    let now = 100_000;
    const activity = new LearnerActivity(() => now);
    expect(activity.isIdle()).toBe(true);
    activity.input('t1', 'l');
    expect(activity.isIdle()).toBe(false);
    now += QUIET_MS;
    expect(activity.isIdle()).toBe(true);
  });

  it('is busy from Enter until the prompt shows again, however long the command is silent', () => {
    let now = 100_000;
    const activity = new LearnerActivity(() => now);
    activity.input('t1', 'docker run --rm busybox echo hi\r');
    activity.output('t1', bytes('\r\n'));
    now += 10 * QUIET_MS;
    expect(activity.isIdle()).toBe(false);
    activity.output('t1', bytes('hi\r\n'));
    // the prompt arrives split over two chunks
    activity.output('t1', bytes(PROMPT.slice(0, 12)));
    activity.output('t1', bytes(PROMPT.slice(12)));
    expect(activity.isIdle()).toBe(false); // output just now
    now += QUIET_MS;
    expect(activity.isIdle()).toBe(true);
  });

  it('announces each finished command once, when its prompt comes back', () => {
    const activity = new LearnerActivity(() => 0);
    let finished = 0;
    const subscription = activity.onCommandFinished(() => finished++);
    activity.output('t1', bytes(PROMPT)); // a prompt with no command typed is no finished command
    activity.input('t1', 'docker ps\r');
    activity.output('t1', bytes('CONTAINER ID\r\n'));
    expect(finished).toBe(0);
    activity.output('t1', bytes(PROMPT));
    activity.output('t1', bytes(PROMPT));
    expect(finished).toBe(1);
    subscription.dispose();
    activity.input('t1', 'ls\r');
    activity.output('t1', bytes(PROMPT));
    expect(finished).toBe(1);
  });

  it('announces a command about to start on each line sent, not on keys typed before Enter', () => {
    const activity = new LearnerActivity(() => 0);
    let started = 0;
    const subscription = activity.onCommandStarted(() => started++);
    activity.input('t1', 'docker ru');
    activity.input('t1', 'n busybox');
    expect(started).toBe(0);
    activity.input('t1', '\r');
    expect(started).toBe(1);
    activity.input('t2', 'a\rb\r'); // a paste of two lines: one announcement, the work stops once
    expect(started).toBe(2);
    subscription.dispose();
    activity.input('t1', 'ls\r');
    expect(started).toBe(2);
  });

  it('announces each of several lines typed ahead (a paste, Show me) as its prompt comes back', () => {
    let now = 100_000;
    const activity = new LearnerActivity(() => now);
    let finished = 0;
    activity.onCommandFinished(() => finished++);
    activity.input('t1', 'docker tag a b\rdocker push b\r');
    activity.input('t1', 'docker push c\r');
    activity.output('t1', bytes(`docker tag a b\r\n${PROMPT}docker push b\r\n`));
    expect(finished).toBe(1);
    now += QUIET_MS;
    expect(activity.isIdle()).toBe(false); // the pushes run
    activity.output('t1', bytes(`Pushed\r\n${PROMPT}docker push c\r\nPushed\r\n`));
    expect(finished).toBe(2);
    now += QUIET_MS;
    expect(activity.isIdle()).toBe(false);
    activity.output('t1', bytes(PROMPT));
    expect(finished).toBe(3);
    now += QUIET_MS;
    expect(activity.isIdle()).toBe(true);
  });

  it('is idle at a prompt after a here-document, whose lines get no prompt of their own', () => {
    let now = 100_000;
    const activity = new LearnerActivity(() => now);
    let finished = 0;
    activity.onCommandFinished(() => finished++);
    activity.input('t1', "cat > a.txt <<'EOF'\rhello\rEOF\r");
    activity.output('t1', bytes(`> hello\r\n> EOF\r\n${PROMPT}`));
    expect(finished).toBe(1);
    now += QUIET_MS;
    expect(activity.isIdle()).toBe(true);
    activity.input('t1', 'sleep 5\r');
    activity.output('t1', bytes('\r\n'));
    now += QUIET_MS;
    expect(activity.isIdle()).toBe(false);
  });

  it('counts every terminal, and a closed one no longer', () => {
    let now = 100_000;
    const activity = new LearnerActivity(() => now);
    activity.input('t1', 'sleep 100\r');
    activity.input('t2', 'ls\n');
    activity.output('t2', bytes(`a b\r\n${PROMPT}`));
    now += QUIET_MS;
    expect(activity.isIdle()).toBe(false);
    activity.closed('t1');
    expect(activity.isIdle()).toBe(true);
    activity.input('t3', 'top\r');
    activity.reset(); // the VM was reset: its terminals are gone
    now += QUIET_MS;
    expect(activity.isIdle()).toBe(true);
  });

  it('idle() resolves once the learner is idle', async () => {
    const activity = new LearnerActivity();
    await activity.idle(); // idle from the start
    activity.input('t1', 'x');
    const t = performance.now();
    await activity.idle();
    expect(performance.now() - t).toBeGreaterThanOrEqual(QUIET_MS - 50);
  });
});
