import { describe, expect, it } from 'vitest';
import { FakeClock } from '../cluster/clock.js';
import { loadLessons, type LessonPorts, type QuizPort } from '../lessons/index.js';
import { fakePorts } from '../lessons/testing/fake-ports.js';
import type { WorkerEvent } from '../protocol/worker-events.js';
import { LessonSession } from './lesson-session.js';

const LESSON = `---
title: Tiny
summary: Two steps.
level: beginner
minutes: 5
needsKubernetes: false
---

Intro.

## Step: Write a file

\`\`\`check
- id: notes
  check: file.exists
  path: notes.txt
\`\`\`

### Hint

Use echo.

### Solution

\`\`\`sh
echo hi > notes.txt
\`\`\`

## Step: A question

### Quiz

Which one?

- [ ] this
- [x] that

## Step: Last

\`\`\`check
- id: web
  check: docker.container
  name: web
\`\`\`

### Hint

Run it.

### Solution

\`\`\`sh
docker run -d --name web nginx
\`\`\`
`;

const BROKEN = LESSON.replace('level: beginner', 'level: wizard');

/** Let promise chains run out. */
const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

function session(options: { kubernetes?: boolean; setup?: string; setupExit?: number } = {}) {
  const text = options.kubernetes ? LESSON.replace('needsKubernetes: false', 'needsKubernetes: true') : LESSON;
  const results = loadLessons({
    'lessons/tiny/lesson.md': text,
    'lessons/tiny/files/start.yaml': 'kind: Pod\n',
    ...(options.setup ? { 'lessons/tiny/setup.sh': options.setup } : {}),
    'lessons/broken/lesson.md': BROKEN,
  });
  const events: WorkerEvent[] = [];
  const fakes = fakePorts();
  const clock = new FakeClock();
  const done: string[] = [];
  let vmRunning = true;
  let kubernetesAsked = 0;
  const quizPorts: QuizPort[] = [];
  const lessons = new LessonSession({
    lessons: results,
    emit: (e) => events.push(e),
    ports: (quiz): LessonPorts | undefined => {
      quizPorts.push(quiz);
      return vmRunning ? { ...fakes.ports, quiz } : undefined;
    },
    actions: () => ({
      writeFile: async (path, text) => void done.push(`write ${path}: ${text.trim()}`),
      run: async (script) => {
        done.push(`run ${script.replace('set -e\n', '').trim()}`);
        return { exitCode: script.includes('setup') ? (options.setupExit ?? 0) : 0, output: 'oops: no such thing' };
      },
    }),
    kubernetesReady: async () => void kubernetesAsked++,
    clock,
  });
  return {
    lessons,
    events,
    fakes,
    clock,
    done,
    quizPorts,
    kubernetesAsked: () => kubernetesAsked,
    stopVm: () => {
      vmRunning = false;
      lessons.vmChanged();
    },
  };
}

const statuses = (events: WorkerEvent[]) => events.flatMap((e) => (e.type === 'lesson/status' ? [e] : []));

describe('LessonSession', () => {
  it('lists the lessons that loaded and the broken ones with their errors', () => {
    const catalog = session().lessons.catalog();
    expect(catalog.lessons.map((l) => l.slug)).toEqual(['tiny']);
    expect(catalog.lessons[0]?.steps.map((s) => s.id)).toEqual(['write-a-file', 'a-question', 'last']);
    expect(catalog.broken).toEqual([
      {
        slug: 'broken',
        source: 'lessons/broken/lesson.md',
        errors: [expect.objectContaining({ file: 'lessons/broken/lesson.md', line: 4 })],
      },
    ]);
    expect(catalog.broken[0]?.errors[0]?.message).toContain('wizard');
  });

  it('watches one step at a time and reports it as lesson/status', async () => {
    const { lessons, events, fakes, clock } = session();
    lessons.watch({ lesson: 'tiny', step: 'write-a-file' });
    await flush();
    expect(statuses(events).at(-1)).toMatchObject({
      lesson: 'tiny',
      status: { stepId: 'write-a-file', complete: false, checks: [{ id: 'notes', state: 'fail' }], hints: [0] },
    });
    lessons.watch({ lesson: 'tiny', step: 'last' });
    await flush();
    const before = statuses(events).length;
    fakes.workspace.write('notes.txt', 'hi'); // the old step's file: its watcher is gone
    clock.advance(5_000);
    await flush();
    expect(statuses(events)).toHaveLength(before);
    fakes.docker.containerList = [{ id: '1', name: 'web', image: 'nginx', state: 'running', ports: [] }];
    fakes.docker.events.emit();
    clock.advance(300);
    await flush();
    clock.advance(1_500);
    await flush();
    expect(statuses(events).at(-1)?.status).toMatchObject({ stepId: 'last', complete: true });
    lessons.watch(undefined);
    fakes.docker.events.emit();
    clock.advance(5_000);
    await flush();
    expect(statuses(events).at(-1)?.status.stepId).toBe('last');
    expect(statuses(events).filter((e) => e.status.stepId === 'last').length).toBe(statuses(events).length - 1);
  });

  it('takes quiz answers per lesson and completes a quiz step on the right one', async () => {
    const { lessons, events } = session();
    lessons.watch({ lesson: 'tiny', step: 'a-question' });
    await flush();
    expect(statuses(events).at(-1)?.status.complete).toBe(false);
    lessons.answerQuiz('tiny', 'a-question-quiz', [0]);
    await flush();
    expect((await lessons.checkNow())?.checks[0]).toMatchObject({ state: 'fail', code: 'wrong-answer' });
    lessons.answerQuiz('tiny', 'a-question-quiz', [1]);
    expect((await lessons.checkNow())?.complete).toBe(true);
  });

  it('prepares a lesson: its files, then its setup; a failing setup is reported and rejects', async () => {
    const ok = session({ setup: 'echo setup' });
    await ok.lessons.prepare('tiny');
    expect(ok.done).toEqual(['write start.yaml: kind: Pod', 'run echo setup']);
    expect(ok.events.filter((e) => e.type.startsWith('lesson/task'))).toEqual([
      { type: 'lesson/task', task: { lesson: 'tiny', message: "Writing the lesson's files (start.yaml)" } },
      { type: 'lesson/task', task: { lesson: 'tiny', message: 'Running the lesson’s setup.sh' } },
      { type: 'lesson/task-end', lesson: 'tiny' },
    ]);

    const failing = session({ setup: 'echo setup', setupExit: 3 });
    await expect(failing.lessons.prepare('tiny')).rejects.toThrow(/tiny\/setup\.sh exited with 3: oops/);
    expect(failing.events.at(-1)).toMatchObject({ type: 'lesson/task-end', error: expect.stringContaining('exited') });
    await expect(failing.lessons.prepare('nope')).rejects.toThrow('there is no lesson "nope" (lessons: tiny)');
  });

  it('waits for the Kubernetes node before preparing a lesson that needs it', async () => {
    const plain = session();
    await plain.lessons.prepare('tiny');
    expect(plain.kubernetesAsked()).toBe(0);
    const kube = session({ kubernetes: true });
    await kube.lessons.prepare('tiny');
    expect(kube.kubernetesAsked()).toBe(1);
  });

  it('fast-forwards through the steps before a step: solutions in order, quizzes answered and announced', async () => {
    const { lessons, events, done } = session();
    await lessons.fastForward({ lesson: 'tiny', step: 'last' });
    expect(done).toEqual(['run echo hi > notes.txt']);
    expect(events).toContainEqual({
      type: 'lesson/quiz-answered',
      lesson: 'tiny',
      quizId: 'a-question-quiz',
      choices: [1],
    });
    expect(events.filter((e) => e.type === 'lesson/task').map((e) => e.type === 'lesson/task' && e.task)).toEqual([
      { lesson: 'tiny', message: 'Step 1 of 2: Write a file', done: 0, total: 2 },
      { lesson: 'tiny', message: 'Step 2 of 2: A question', done: 1, total: 2 },
      { lesson: 'tiny', message: 'Caught up', done: 2, total: 2 },
    ]);
    lessons.watch({ lesson: 'tiny', step: 'a-question' });
    expect((await lessons.checkNow())?.complete).toBe(true);
  });

  it('stops checking while no VM runs, and starts again on the next one', async () => {
    const { lessons, events, stopVm, quizPorts } = session();
    lessons.watch({ lesson: 'tiny', step: 'write-a-file' });
    await flush();
    const seen = statuses(events).length;
    stopVm();
    expect(await lessons.checkNow()).toBeUndefined();
    await flush();
    expect(statuses(events)).toHaveLength(seen);
    // The same lesson's answers go to every VM's ports.
    expect(new Set(quizPorts).size).toBe(1);
  });
});
