import { describe, expect, it } from 'vitest';
import { nodeStartGate, type NodeStartReason } from './node-start-gate.js';

/** A learner whose idleness the test decides, and a timer the test fires. */
function setup(maxWaitMs = 20_000) {
  let becomeIdle!: () => void;
  const idle = new Promise<void>((resolve) => (becomeIdle = resolve));
  const timers: { ms: number; fire: () => void; cleared: boolean }[] = [];
  const gate = nodeStartGate({
    idle: () => idle,
    maxWaitMs,
    setTimer: (fire, ms) => {
      const timer = { ms, fire, cleared: false };
      timers.push(timer);
      return () => void (timer.cleared = true);
    },
  });
  return { gate, becomeIdle, timers };
}

/** What the gate said so far (after pending promise callbacks ran). */
async function outcome(open: Promise<NodeStartReason>): Promise<NodeStartReason | 'still waiting'> {
  return Promise.race([open, new Promise<'still waiting'>((r) => setTimeout(() => r('still waiting'), 0))]);
}

describe('the node start gate', () => {
  it('waits while the learner works, and opens once they are idle', async () => {
    const { gate, becomeIdle, timers } = setup();
    expect(await outcome(gate.open)).toBe('still waiting');
    becomeIdle();
    expect(await outcome(gate.open)).toBe('idle');
    expect(timers[0]!.cleared).toBe(true);
  });

  it('opens at once when something needs the node, idle or not', async () => {
    const { gate, becomeIdle } = setup();
    gate.needed();
    becomeIdle();
    expect(await outcome(gate.open)).toBe('needed');
  });

  it('opens after the longest wait for a learner who never pauses', async () => {
    const { gate, timers } = setup(15_000);
    expect(timers.map((t) => t.ms)).toEqual([15_000]);
    timers[0]!.fire();
    expect(await outcome(gate.open)).toBe('waited');
  });

  it('never opens once disposed, and tells whoever waits why', async () => {
    const { gate, becomeIdle, timers } = setup();
    gate.dispose(new Error('the VM was stopped'));
    expect(timers[0]!.cleared).toBe(true);
    becomeIdle();
    gate.needed();
    await expect(outcome(gate.open)).rejects.toThrow('the VM was stopped');
  });

  it('keeps its reason once open, whatever comes after', async () => {
    const { gate, becomeIdle } = setup();
    becomeIdle();
    expect(await outcome(gate.open)).toBe('idle');
    gate.dispose(new Error('the VM was stopped'));
    expect(await outcome(gate.open)).toBe('idle');
  });
});
