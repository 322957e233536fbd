import { afterEach, describe, expect, it } from 'vitest';
import { parseCron } from './cron-schedule.js';
import { testCluster, type TestCluster } from './test-cluster.js';
import type { KubeObject, Pod } from '../objects/index.js';

let cluster: TestCluster;
afterEach(() => cluster?.stop());

function job(name: string, spec: object = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { 'job-name': name } },
      template: {
        metadata: { labels: { 'job-name': name } },
        spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] },
      },
      ...spec,
    },
  };
}

const jobPods = (name: string) =>
  (cluster.store.list('pods').items as Pod[]).filter((p) => p.metadata.labels?.['job-name'] === name);
const running = (name: string) =>
  jobPods(name).filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
const getJob = (name: string) =>
  cluster.store.get('jobs.batch', 'default', name) as KubeObject & {
    status?: Record<string, unknown> & { conditions?: { type: string; reason?: string; message?: string }[] };
  };

function finish(pod: Pod, phase: 'Succeeded' | 'Failed'): void {
  const current = cluster.store.get('pods', 'default', pod.metadata.name!)!;
  cluster.store.update('pods', { ...current, status: { ...(current.status as object), phase } } as KubeObject);
}

describe('Job controller', () => {
  it('runs `completions` pods at most `parallelism` at a time, then reports Complete', async () => {
    cluster = testCluster();
    cluster.create('jobs.batch', job('pi', { completions: 3, parallelism: 2 }));
    await cluster.settle();
    expect(running('pi')).toHaveLength(2);
    expect(jobPods('pi')[0]!.metadata.name).toMatch(/^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(getJob('pi').status).toMatchObject({ active: 2, startTime: expect.any(String) });

    for (const p of running('pi')) finish(p, 'Succeeded');
    await cluster.settle();
    expect(running('pi')).toHaveLength(1);
    finish(running('pi')[0]!, 'Succeeded');
    await cluster.settle();
    const status = getJob('pi').status!;
    expect(status).toMatchObject({ succeeded: 3, completionTime: expect.any(String) });
    expect(status.active).toBeUndefined();
    expect(status.conditions).toEqual([expect.objectContaining({ type: 'Complete', status: 'True' })]);
    expect(jobPods('pi')).toHaveLength(3);
  });

  it('replaces failed pods after a back-off and fails the Job past backoffLimit', async () => {
    cluster = testCluster();
    cluster.create('jobs.batch', job('flaky', { backoffLimit: 1 }));
    await cluster.settle();
    finish(running('flaky')[0]!, 'Failed');
    await cluster.settle();
    // The replacement waits out the 10 s back-off.
    expect(running('flaky')).toHaveLength(0);
    await cluster.advance(10_001);
    expect(running('flaky')).toHaveLength(1);
    finish(running('flaky')[0]!, 'Failed');
    await cluster.settle();
    expect(getJob('flaky').status).toMatchObject({ failed: 2 });
    expect(getJob('flaky').status!.conditions).toEqual([
      expect.objectContaining({
        type: 'Failed',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
      }),
    ]);
    await cluster.advance(60_000);
    expect(running('flaky')).toHaveLength(0);
  });

  it('fails a Job that runs past activeDeadlineSeconds and stops its pods', async () => {
    cluster = testCluster();
    cluster.create('jobs.batch', job('slow', { activeDeadlineSeconds: 30 }));
    await cluster.settle();
    expect(running('slow')).toHaveLength(1);
    await cluster.advance(31_000);
    expect(getJob('slow').status!.conditions?.[0]).toMatchObject({ type: 'Failed', reason: 'DeadlineExceeded' });
    expect(running('slow').filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(0);
  });
});

describe('cron schedules', () => {
  const at = (iso: string) => Date.parse(iso);
  it('computes the next run like cron', () => {
    expect(new Date(parseCron('*/5 * * * *').next(at('2021-01-01T00:03:10Z'))).toISOString()).toBe(
      '2021-01-01T00:05:00.000Z',
    );
    expect(new Date(parseCron('30 2 * * mon').next(at('2021-01-01T00:00:00Z'))).toISOString()).toBe(
      '2021-01-04T02:30:00.000Z',
    );
    expect(new Date(parseCron('@hourly').next(at('2021-01-01T00:00:00Z'))).toISOString()).toBe(
      '2021-01-01T01:00:00.000Z',
    );
    expect(new Date(parseCron('0 0 1,15 * *').next(at('2021-01-02T00:00:00Z'))).toISOString()).toBe(
      '2021-01-15T00:00:00.000Z',
    );
  });
  it('rejects malformed schedules', () => {
    expect(() => parseCron('* * *')).toThrow(/exactly 5 fields/);
    expect(() => parseCron('61 * * * *')).toThrow();
  });
});

const reasons = (c: TestCluster) =>
  c.store.list('events').items.map((e) => (e as unknown as { reason: string }).reason);

describe('CronJob controller', () => {
  it('creates a Job each scheduled minute and keeps the history limits', async () => {
    cluster = testCluster();
    cluster.create('cronjobs.batch', {
      apiVersion: 'batch/v1beta1',
      kind: 'CronJob',
      metadata: { name: 'hello', namespace: 'default' },
      spec: {
        schedule: '*/1 * * * *',
        successfulJobsHistoryLimit: 2,
        jobTemplate: { spec: job('x').spec },
      },
    });
    await cluster.advance(1000);
    expect(cluster.store.list('jobs.batch').items).toHaveLength(0);
    for (let minute = 1; minute <= 4; minute++) {
      await cluster.advance(60_000);
      // Let each run finish so the next minute starts a fresh one.
      for (const p of cluster.store.list('pods').items as Pod[])
        if (p.status?.phase === 'Running') finish(p, 'Succeeded');
      await cluster.settle();
    }
    const jobs = cluster.store.list('jobs.batch').items;
    const minutes = Math.floor(cluster.clock.now() / 60_000);
    expect(jobs.map((j) => j.metadata.name).sort()).toEqual([`hello-${minutes - 1}`, `hello-${minutes}`]);
    const cj = cluster.store.get('cronjobs.batch', 'default', 'hello') as KubeObject & {
      status: { lastScheduleTime: string };
    };
    expect(cj.status.lastScheduleTime).toBe(new Date(minutes * 60_000).toISOString().replace('.000Z', 'Z'));
    expect(reasons(cluster)).toContain('SawCompletedJob');
    const created = cluster.store
      .list('events')
      .items.filter((e) => (e as unknown as { message: string }).message.startsWith('Created job hello-'));
    expect(created).toHaveLength(4);
  });
});
