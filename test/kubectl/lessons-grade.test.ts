// `npm run lessons:grade` end to end: the real CLI (scripts/lessons-grade.mjs, a child process) grades the pilot lesson
// deployment-desired-state against Wharf's API server served on localhost, through a kubeconfig, while the real
// kubectl 1.20 does what the learner does. What is exercised: the kubeconfig, the API cluster port's gets and lists
// (Deployments, Pods by label, Events), the workspace folder (the lesson's file check), the quiz skipped, the exit
// codes. What is not: no containers run (the test stand-in kubelet marks bound pods Running and Ready through the
// store), and the lesson reads no Docker state (the Docker port has its own protocol test in src/lessons/grade/).
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LessonGrade } from '../../src/lessons/grade/grade-lesson.js';
import { eventually, startCluster, type Cluster } from './harness.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const LESSON = 'deployment-desired-state';

let c: Cluster;
let workspace: string;
let kubeconfig: string;

beforeAll(async () => {
  c = await startCluster({ fakeKubelet: true });
  kubeconfig = join(c.dir, 'kubeconfig');
  // The learner's project: the lesson's starting files, as the playground copies them to /root/workspace.
  workspace = join(c.dir, 'student');
  mkdirSync(workspace);
  copyFileSync(
    join(repoRoot, 'lessons', LESSON, 'files', 'nginx-deployment.yaml'),
    join(workspace, 'nginx-deployment.yaml'),
  );
});

afterAll(async () => {
  await c?.stop();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI as npm runs it, from the student's folder (npm sets INIT_CWD), with a HOME that has no ~/.kube. */
function grade(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, INIT_CWD: workspace, HOME: c.dir };
    delete env['KUBECONFIG'];
    delete env['DOCKER_HOST'];
    const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'lessons-grade.mjs'), ...args], {
      cwd: repoRoot,
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function gradeJson(args: string[]): Promise<{ code: number; grade: LessonGrade }> {
  const run = await grade(['--json', ...args]);
  if (run.code === 2) throw new Error(`lessons:grade could not grade: ${run.stderr}`);
  return { code: run.code, grade: JSON.parse(run.stdout) as LessonGrade };
}

const statuses = (grade: LessonGrade) => grade.steps.map((s) => `${s.number} ${s.status}`);
const check = (grade: LessonGrade, id: string) => grade.steps.flatMap((s) => s.checks).find((ch) => ch.id === id);

async function kubectl(args: string[]): Promise<string> {
  const r = await c.kubectl(args, { timeoutMs: 30_000 });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

async function readyReplicas(want: number): Promise<void> {
  await eventually(async () => {
    const ready = await kubectl([
      'get',
      'pods',
      '-l',
      'app=nginx',
      '-o',
      'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}',
    ]);
    expect(ready.split(' ').filter((s) => s === 'True')).toHaveLength(want);
    const available = await kubectl([
      'get',
      'deployment',
      'nginx-deployment',
      '-o',
      'jsonpath={.status.availableReplicas}',
    ]);
    expect(available).toBe(String(want));
  }, 20_000);
}

describe('lessons:grade against an API server on localhost', () => {
  it('fails every step before the learner did anything, and says step 1 is where they are', async () => {
    const run = await grade(['--kubeconfig', kubeconfig, LESSON]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`  cluster    http://127.0.0.1:${c.port} (context wharf, namespace default)`);
    expect(run.stdout).toContain(
      '  FAIL     The Deployment nginx-deployment exists (deployment-exists): no Deployment named nginx-deployment in namespace default',
    );
    expect(run.stdout).toContain('step 2  skipped       Pods are containers');
    expect(run.stdout).toContain('first step not complete: step 1, Apply the Deployment');
    expect(run.stdout).toContain(
      '0 of 3 graded steps complete, 1 skipped; checks: 0 passed, 8 failed, 0 pending, 1 skipped',
    );
  });

  it('passes step 1 once the Deployment is applied and its pods are ready; step 3 is next', async () => {
    await kubectl(['apply', '-f', join(workspace, 'nginx-deployment.yaml')]);
    await readyReplicas(2);
    const { code, grade: g } = await gradeJson(['--kubeconfig', kubeconfig, LESSON]);
    expect(code).toBe(1);
    expect(statuses(g)).toEqual(['1 complete', '2 skipped', '3 incomplete', '4 incomplete']);
    expect(check(g, 'two-pods-ready')).toMatchObject({
      state: 'pass',
      reason: 'found 2 ready pods matching app=nginx',
    });
    expect(check(g, 'file-says-three')).toMatchObject({
      state: 'fail',
      reason: 'spec.replicas in nginx-deployment.yaml is 2, want 3',
    });
    expect(check(g, 'wants-three')).toMatchObject({
      state: 'fail',
      reason: "Deployment nginx-deployment's spec.replicas is 2, want 3",
    });
    expect(g).toMatchObject({ firstIncomplete: 3, lastComplete: 1, ok: false });
  });

  it('passes step 3 after the file says 3 and is applied again (graded alone with --step 3)', async () => {
    const file = join(workspace, 'nginx-deployment.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('replicas: 2', 'replicas: 3'));
    await kubectl(['apply', '-f', file]);
    await readyReplicas(3);
    const alone = await gradeJson(['--kubeconfig', kubeconfig, '--step', '3', LESSON]);
    expect(alone.code).toBe(0);
    expect(statuses(alone.grade)).toEqual(['3 complete']);
    const all = await gradeJson(['--kubeconfig', kubeconfig, LESSON]);
    expect(all.code).toBe(1);
    expect(statuses(all.grade)).toEqual(['1 complete', '2 skipped', '3 complete', '4 incomplete']);
    // The ReplicaSet made 2, then 1 more: 3 SuccessfulCreate events, and step 4 wants a replacement (a 4th).
    expect(check(all.grade, 'replacement-created')).toMatchObject({ state: 'fail', code: 'too-few' });
    expect(check(all.grade, 'replacement-created')?.reason).toMatch(/^found 3 Event objects .* want at least 4$/);
  });

  it('passes every gradeable step once a deleted pod was replaced: exit 0', async () => {
    const pod = await kubectl(['get', 'pods', '-l', 'app=nginx', '-o', 'jsonpath={.items[0].metadata.name}']);
    await kubectl(['delete', 'pod', pod, '--wait=false']);
    await eventually(async () => {
      const names = await kubectl(['get', 'pods', '-l', 'app=nginx', '-o', 'jsonpath={.items[*].metadata.name}']);
      expect(names.split(' ')).not.toContain(pod);
    }, 20_000);
    await readyReplicas(3);
    const run = await grade(['--kubeconfig', kubeconfig, LESSON]);
    expect(run.stdout).toContain('every step that could be graded is complete');
    expect(run.stdout).toContain(
      '3 of 3 graded steps complete, 1 skipped; checks: 8 passed, 0 failed, 0 pending, 1 skipped',
    );
    expect(run.code).toBe(0);
  });

  it('looks in the kubeconfig context’s namespace (one per student) for checks that name none', async () => {
    const other = c.file(
      'student2.kubeconfig',
      readFileSync(kubeconfig, 'utf8').replace('namespace: default', 'namespace: student2'),
    );
    const { code, grade: g } = await gradeJson(['--kubeconfig', other, '--step', '1', LESSON]);
    expect(code).toBe(1);
    expect(check(g, 'deployment-exists')?.reason).toBe('no Deployment named nginx-deployment in namespace student2');
  });

  it('skips the cluster checks, saying why, when there is no kubeconfig at all', async () => {
    const { code, grade: g } = await gradeJson([LESSON]);
    expect(check(g, 'deployment-exists')).toMatchObject({
      state: 'skip',
      reason: `no kubeconfig at ${join(c.dir, '.kube', 'config')} (pass --kubeconfig FILE)`,
    });
    // The workspace's file check is all that is left to grade, and it passes.
    expect(statuses(g)).toEqual(['1 skipped', '2 skipped', '3 complete', '4 skipped']);
    expect(code).toBe(0);
  });
});

describe('lessons:grade set-up errors: exit 2 and a sentence', () => {
  it('a --kubeconfig that is not there', async () => {
    const run = await grade(['--kubeconfig', 'missing.kubeconfig', LESSON]);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr.trim()).toBe(`lessons:grade: no kubeconfig at ${join(workspace, 'missing.kubeconfig')}`);
  });

  it('a context the kubeconfig does not have', async () => {
    const run = await grade(['--kubeconfig', kubeconfig, '--context', 'prod', LESSON]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`lessons:grade: ${kubeconfig} has no context named "prod" (it has: wharf)`);
  });

  it('a cluster that does not answer', async () => {
    const down = c.file('down.kubeconfig', readFileSync(kubeconfig, 'utf8').replace(`:${c.port}`, ':1'));
    const run = await grade(['--kubeconfig', down, LESSON]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      `lessons:grade: cannot grade against context "wharf" of ${down}: nothing answers at http://127.0.0.1:1 (is the cluster running?)`,
    );
  });

  it('a lesson that is not there, and a step it does not have', async () => {
    const none = await grade(['--kubeconfig', kubeconfig, 'no-such-lesson']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /^lessons:grade: no lesson no-such-lesson in .*lessons \(lessons: .*deployment-desired-state/,
    );
    const step = await grade(['--kubeconfig', kubeconfig, '--step', '9', LESSON]);
    expect(step.code).toBe(2);
    expect(step.stderr.trim()).toBe(`lessons:grade: --step 9: lesson ${LESSON} has 4 steps`);
  });

  it('nothing gradeable: a Docker step and no Docker Engine', async () => {
    const socket = join(c.dir, 'no-docker.sock');
    const run = await grade(['--docker-socket', socket, '--step', '1', 'first-containers']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(`skipped: no Docker Engine at ${socket}`);
    expect(run.stderr.trim()).toBe(
      'lessons:grade: nothing could be graded: every check was skipped (the reasons are in the report)',
    );
  });

  it('a lesson of --lessons DIR that does not load, with the loader’s errors', async () => {
    mkdirSync(join(c.dir, 'course', 'broken'), { recursive: true });
    c.file('course/broken/lesson.md', '---\ntitle: Broken\n---\n\nNo steps.\n');
    const run = await grade(['--lessons', join(c.dir, 'course'), 'broken']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^lessons:grade: lesson broken does not load:\n.*course\/broken\/lesson\.md:\d+:\d+ error: /,
    );
  });
});
