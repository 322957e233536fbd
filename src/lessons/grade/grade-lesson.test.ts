import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../cluster/objects/index.js';
import type { Lesson } from '../lesson.js';
import { loadLessons } from '../load-lessons.js';
import type { ClusterPort } from '../ports.js';
import { fakePorts } from '../testing/fake-ports.js';
import { lessonFiles, step } from '../testing/lesson-fixture.js';
import { gradeLesson, QUIZ_SKIP_REASON, type GradeSources } from './grade-lesson.js';

const body = [
  step('Write the page', '- id: page\n  check: file.exists\n  path: index.html\n  title: index.html exists'),
  step('Run nginx', '- id: web\n  check: docker.container\n  name: web\n  title: A container named web runs'),
  ['## Step: Think', '', '### Quiz', '', 'Which?', '', '- [x] This', '- [ ] That', ''].join('\n'),
  step(
    'Deploy it',
    [
      '- id: here',
      '  check: kubernetes.exists',
      '  kind: Deployment',
      '  name: web',
      '- id: there',
      '  check: kubernetes.exists',
      '  kind: Deployment',
      '  name: web',
      '  namespace: prod',
    ].join('\n'),
  ),
].join('\n');

function lesson(): Lesson {
  const [loaded] = loadLessons(lessonFiles({ body }));
  if (!loaded?.ok) throw new Error('the fixture does not load');
  return loaded.lesson;
}

/** Deployments by namespace/name; every read recorded. */
function deployments(present: string[]) {
  const asked: string[] = [];
  const cluster: ClusterPort = {
    async get(kind, namespace, name) {
      asked.push(`${kind} ${namespace}/${name}`);
      return present.includes(`${namespace}/${name}`)
        ? ({ kind, metadata: { name, namespace } } as KubeObject)
        : undefined;
    },
    list: async () => [],
    watch: () => ({ dispose() {} }),
  };
  return { cluster, asked };
}

function sources(present: string[] = [], more: Partial<GradeSources> = {}) {
  const { cluster, asked } = deployments(present);
  const fake = fakePorts(cluster);
  return { fake, asked, sources: { ports: fake.ports, ...more } };
}

describe('gradeLesson', () => {
  it('grades every step once: how far the learner got, what failed and why', async () => {
    const { fake, sources: s } = sources(['default/web']);
    fake.workspace.files.set('index.html', '<h1>hi</h1>');
    const grade = await gradeLesson(lesson(), s);
    expect(grade.steps.map((st) => [st.number, st.status])).toEqual([
      [1, 'complete'],
      [2, 'incomplete'],
      [3, 'skipped'],
      [4, 'incomplete'],
    ]);
    expect(grade.steps[1]!.checks).toEqual([
      {
        id: 'web',
        title: 'A container named web runs',
        check: 'docker.container',
        state: 'fail',
        code: 'not-found',
        reason: expect.stringMatching(/web/),
      },
    ]);
    expect(grade.steps[3]!.checks.map((c) => [c.id, c.title, c.state])).toEqual([
      ['here', 'here', 'pass'],
      ['there', 'there', 'fail'],
    ]);
    expect(grade).toMatchObject({
      slug: 'demo',
      title: 'Demo',
      firstIncomplete: 2,
      lastComplete: 1,
      counts: { pass: 2, fail: 2, pending: 0, skip: 1 },
      graded: 4,
      ok: false,
    });
  });

  it('skips a quiz with the reason, and never counts it as a failure', async () => {
    const { fake, sources: s } = sources(['default/web', 'prod/web']);
    fake.workspace.files.set('index.html', '');
    fake.docker.run('web', 'nginx');
    const grade = await gradeLesson(lesson(), s);
    expect(grade.steps[2]!.checks).toEqual([
      { id: 'think-quiz', title: 'Answer the quiz', check: 'quiz', state: 'skip', reason: QUIZ_SKIP_REASON },
    ]);
    expect(grade.ok).toBe(true);
    expect(grade.firstIncomplete).toBeUndefined();
    expect(grade.lastComplete).toBe(4);
  });

  it('skips Docker checks without an engine and cluster checks without a cluster, saying why, reading neither', async () => {
    const {
      fake,
      asked,
      sources: s,
    } = sources([], {
      dockerMissing: 'no Docker Engine at /var/run/docker.sock',
      clusterMissing: 'no kubeconfig at /root/.kube/config (pass --kubeconfig FILE)',
    });
    fake.workspace.files.set('index.html', '');
    const grade = await gradeLesson(lesson(), s);
    expect(grade.steps.map((st) => st.status)).toEqual(['complete', 'skipped', 'skipped', 'skipped']);
    expect(grade.steps[1]!.checks[0]).toMatchObject({
      state: 'skip',
      reason: 'no Docker Engine at /var/run/docker.sock',
    });
    expect(grade.steps[3]!.checks[1]).toMatchObject({
      state: 'skip',
      reason: 'no kubeconfig at /root/.kube/config (pass --kubeconfig FILE)',
    });
    expect([asked, fake.docker.reads]).toEqual([[], 0]);
    expect(grade).toMatchObject({ graded: 1, ok: true });
  });

  it('is not ok when nothing could be graded: the grader could not look', async () => {
    const { sources: s } = sources([], { dockerMissing: 'no Docker Engine at /var/run/docker.sock' });
    const grade = await gradeLesson(lesson(), s, [2, 3]);
    expect(grade.steps.map((st) => st.status)).toEqual(['skipped', 'skipped']);
    expect(grade).toMatchObject({ graded: 0, ok: false, counts: { skip: 2 } });
    expect(grade.firstIncomplete).toBeUndefined();
  });

  it('looks in the context’s namespace for checks that name none, and where a check names one, there', async () => {
    const { asked, sources: s } = sources(['student1/web'], { namespace: 'student1' });
    const grade = await gradeLesson(lesson(), s, [4]);
    expect(asked).toEqual(['Deployment student1/web', 'Deployment prod/web']);
    expect(grade.steps[0]!.checks.map((c) => [c.state, c.reason])).toEqual([
      ['pass', 'Deployment web exists'],
      ['fail', 'no Deployment named web in namespace prod'],
    ]);
  });

  it('grades only the steps asked for, and says when there is no such step', async () => {
    const { sources: s } = sources();
    const grade = await gradeLesson(lesson(), s, [2]);
    expect(grade.steps.map((st) => st.number)).toEqual([2]);
    await expect(gradeLesson(lesson(), s, [9])).rejects.toThrow('lesson demo has no step 9');
  });

  it('counts a check that could not read its state as pending: the step is not complete', async () => {
    const { fake, sources: s } = sources();
    fake.docker.containers = () => Promise.reject(new Error('Docker did not answer'));
    const grade = await gradeLesson(lesson(), s, [2]);
    expect(grade.steps[0]).toMatchObject({ status: 'incomplete' });
    expect(grade.steps[0]!.checks[0]).toMatchObject({
      state: 'pending',
      code: 'unavailable',
      reason: 'the check could not read the state it needs (Docker did not answer)',
    });
    expect(grade).toMatchObject({ ok: false, firstIncomplete: 2, counts: { pending: 1 } });
  });
});
