import { describe, expect, it } from 'vitest';
import { LessonsModel, type KeyValueStorage } from './lessons-model.js';
import { completeSteps, PROGRESS_KEY, setCurrent } from './progress.js';

class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

const status = { stepId: 'one', checks: [], blocked: [], complete: true, hints: [] };

describe('the lessons model', () => {
  it('saves progress on every change and reads it back in a new page', () => {
    const storage = new MemoryStorage();
    const model = new LessonsModel(storage);
    model.update('demo', (p) => completeSteps(setCurrent(p, 'two'), ['one']));
    expect(JSON.parse(storage.items.get(PROGRESS_KEY)!)).toMatchObject({ version: 1 });
    const again = new LessonsModel(storage);
    expect(again.lesson('demo')).toMatchObject({ current: 'two', done: ['one'] });
  });

  it('starts empty when the stored text is corrupt or storage is refused', () => {
    const storage = new MemoryStorage();
    storage.setItem(PROGRESS_KEY, '{"version":1,"lessons":{"demo":');
    expect(new LessonsModel(storage).get().progress).toEqual({});
    const refusing: KeyValueStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const model = new LessonsModel(refusing);
    model.update('demo', (p) => setCurrent(p, 'one'));
    expect(model.lesson('demo').current).toBe('one');
  });

  it('follows the worker: step status, task progress and errors, quiz answers from a fast-forward', () => {
    const model = new LessonsModel(new MemoryStorage());
    let changes = 0;
    model.subscribe(() => changes++);
    model.apply({ type: 'lesson/status', lesson: 'demo', status });
    expect(model.get().status.demo).toEqual(status);

    const token = model.startTask('demo', 'fast-forward', 'Catching up')!;
    expect(model.startTask('demo', 'prepare', 'again')).toBeUndefined(); // one piece of work per lesson at a time
    model.apply({ type: 'lesson/task', task: { lesson: 'demo', message: 'Step 1 of 2: One', done: 0, total: 2 } });
    expect(model.get().task.demo).toEqual({
      kind: 'fast-forward',
      running: true,
      message: 'Step 1 of 2: One',
      done: 0,
      total: 2,
    });
    model.apply({ type: 'lesson/quiz-answered', lesson: 'demo', quizId: 'one-quiz', choices: [1] });
    expect(model.lesson('demo').quiz).toEqual({ 'one-quiz': [1] });
    model.apply({ type: 'lesson/task-end', lesson: 'demo', error: 'the solution exited with 1' });
    expect(model.get().task.demo).toMatchObject({ running: false, error: 'the solution exited with 1' });
    model.endTask('demo', token, 'the solution exited with 1');
    expect(model.get().task.demo).toMatchObject({ running: false, error: 'the solution exited with 1' });
    model.dismissTask('demo');

    const second = model.startTask('demo', 'prepare', 'Setting up')!;
    model.apply({ type: 'lesson/task-end', lesson: 'demo' });
    expect(model.get().task.demo).toMatchObject({ running: true }); // until the page's call returns
    model.endTask('demo', second);
    expect(model.get().task.demo).toBeUndefined();

    // Work from before a reset ends late: it changes nothing.
    const stale = model.startTask('demo', 'prepare', 'Setting up')!;
    model.dismissTask('demo');
    const fresh = model.startTask('demo', 'prepare', 'Setting up again')!;
    model.endTask('demo', stale, 'the VM went away');
    expect(model.get().task.demo).toMatchObject({ running: true, message: 'Setting up again' });
    model.endTask('demo', fresh);

    model.apply({ type: 'vm/stopped', reason: 'reset' });
    expect(model.get().status).toEqual({});
    expect(changes).toBeGreaterThan(5);
  });
});
