import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { mostRecentScheduleTime, nextScheduleDelay, parseSchedule } from './cronjob-schedule';
import { cronJobJobName, rfc3339InZone } from './cronjob';
import { podsOf, setPodFinished } from './job-testutil';
import { eventLines, mustCreate, TEST_SCHEDULER } from './util/testing';

const T0 = Date.UTC(2025, 0, 15, 9, 0, 0);
const MIN = 60_000;

describe('cron schedules', () => {
  it('follows robfig semantics: N/S steps, descriptors, @every, time zones', () => {
    expect(parseSchedule('*/5 * * * *').next(T0)! - T0).toBe(5 * MIN);
    expect(new Date(parseSchedule('5/15 * * * *').next(T0)!).toISOString()).toBe('2025-01-15T09:05:00.000Z');
    expect(new Date(parseSchedule('@hourly').next(T0)!).toISOString()).toBe('2025-01-15T10:00:00.000Z');
    expect(new Date(parseSchedule('@daily').next(T0)!).toISOString()).toBe('2025-01-16T00:00:00.000Z');
    expect(parseSchedule('@every 90s').next(T0 + 500)).toBe(T0 + 90_000);
    expect(new Date(parseSchedule('0 9 * * *', 'Europe/Berlin').next(T0)!).toISOString()).toBe('2025-01-16T08:00:00.000Z');
    expect(parseSchedule('0 0 31 2 *').next(T0)).toBeUndefined();
    expect(rfc3339InZone(T0, 'Europe/Berlin')).toBe('2025-01-15T10:00:00+01:00');
    expect(rfc3339InZone(T0, undefined)).toBe('2025-01-15T09:00:00Z');
    expect(cronJobJobName('hello', Date.UTC(2024, 0, 1, 0, 0))).toBe('hello-28401120');
  });

  it('counts missed schedules like mostRecentScheduleTime', () => {
    const s = parseSchedule('* * * * *');
    expect(mostRecentScheduleTime(s, T0, undefined, T0 + 30_000)).toEqual({ earliestMs: T0, missed: 'none' });
    expect(mostRecentScheduleTime(s, T0, undefined, T0 + 90_000)).toEqual({ earliestMs: T0, mostRecentMs: T0 + MIN, missed: 'none' });
    expect(mostRecentScheduleTime(s, T0, undefined, T0 + 5.5 * MIN)).toEqual({ earliestMs: T0, mostRecentMs: T0 + 5 * MIN, missed: 'few' });
    expect(mostRecentScheduleTime(s, T0, undefined, T0 + 200 * MIN).missed).toBe('many');
    // startingDeadlineSeconds moves the window up to now − deadline.
    expect(mostRecentScheduleTime(s, T0, undefined, T0 + 200 * MIN, 120).missed).toBe('few');
    expect(nextScheduleDelay(s, T0, undefined, T0 + 30_000)).toBe(30_100);
  });
});

function cronJob(name: string, spec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule: '*/1 * * * *',
      jobTemplate: { spec: { template: { spec: { schedulerName: TEST_SCHEDULER, restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox:1.28', command: ['sleep', '90'] }] } } } },
      ...spec,
    },
  };
}

const cjEvents = (c: Cluster) => eventLines(c, 'default', { sources: ['cronjob-controller'] });
const jobNames = (c: Cluster) => c.list('batch/Job', 'default').map((j) => j.metadata.name);
const minute = (ms: number) => Math.floor(ms / MIN);

/** Runs the cluster to just after the next minute boundary. */
function toNextMinute(c: Cluster): number {
  const next = (minute(c.nowMs) + 1) * MIN;
  c.advanceTo(next + 500);
  return next;
}

describe('cronjob controller', () => {
  it('creates <cj>-<minutes> Jobs at each schedule with the scheduled-timestamp annotation and the status', () => {
    const c = new Cluster({ seed: 4 });
    const cj = mustCreate(c, cronJob('hello'));
    const at = toNextMinute(c);
    expect(jobNames(c)).toEqual([`hello-${minute(at)}`]);
    const j = c.get('batch/Job', 'default', `hello-${minute(at)}`)!;
    expect(j.metadata.annotations).toEqual({ 'batch.kubernetes.io/cronjob-scheduled-timestamp': new Date(at).toISOString().replace('.000Z', 'Z') });
    expect(j.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    const st = c.get('batch/CronJob', 'default', 'hello')!.status;
    expect(st.lastScheduleTime).toBe(new Date(at).toISOString().replace('.000Z', 'Z'));
    expect(st.active).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: j.metadata.name, namespace: 'default', resourceVersion: st.active[0].resourceVersion, uid: j.metadata.uid }]);
    expect(cjEvents(c)).toEqual([`Normal SuccessfulCreate CronJob/hello: Created job hello-${minute(at)}`]);
    expect(c.kubectl('get cronjob hello').output).toMatch(/^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\nhello\s+\*\/1 \* \* \* \*\s+<none>\s+False\s+1\s+0s\s+/);
  });

  it('SawCompletedJob, lastSuccessfulTime and the successful history limit', () => {
    const c = new Cluster({ seed: 4 });
    mustCreate(c, cronJob('hello', { successfulJobsHistoryLimit: 2 }));
    const created: string[] = [];
    for (let i = 0; i < 4; i++) {
      const at = toNextMinute(c);
      created.push(`hello-${minute(at)}`);
      for (const p of podsOf(c, created[i])) setPodFinished(c, p, 'Succeeded');
      c.advance(5_000);
    }
    expect(jobNames(c)).toEqual(created.slice(2));
    const ev = cjEvents(c);
    expect(ev).toContain(`Normal SawCompletedJob CronJob/hello: Saw completed job: ${created[0]}, condition: Complete`);
    expect(ev).toContain(`Normal SuccessfulDelete CronJob/hello: Deleted job ${created[0]}`);
    expect(ev).toContain(`Normal SuccessfulDelete CronJob/hello: Deleted job ${created[1]}`);
    const st = c.get('batch/CronJob', 'default', 'hello')!.status;
    expect(st.active).toBeUndefined();
    expect(st.lastSuccessfulTime).toBe(c.get('batch/Job', 'default', created[3])!.status.completionTime);
  });

  it('Forbid skips while a Job runs; Replace deletes it and starts a new one', () => {
    const c = new Cluster({ seed: 4 });
    mustCreate(c, cronJob('f', { concurrencyPolicy: 'Forbid' }));
    mustCreate(c, cronJob('r', { concurrencyPolicy: 'Replace' }));
    const a = toNextMinute(c);
    const b = toNextMinute(c);
    expect(jobNames(c)).toEqual([`f-${minute(a)}`, `r-${minute(b)}`]);
    expect(cjEvents(c)).toEqual([
      `Normal SuccessfulCreate CronJob/f: Created job f-${minute(a)}`,
      `Normal SuccessfulCreate CronJob/r: Created job r-${minute(a)}`,
      'Normal JobAlreadyActive CronJob/f: Not starting job because prior execution is running and concurrency policy is Forbid',
      `Normal SuccessfulDelete CronJob/r: Deleted job r-${minute(a)}`,
      `Normal SuccessfulCreate CronJob/r: Created job r-${minute(b)}`,
    ]);
  });

  it('suspend stops scheduling; after resuming, a run older than startingDeadlineSeconds is skipped', () => {
    const c = new Cluster({ seed: 4 });
    mustCreate(c, cronJob('s', { suspend: true, startingDeadlineSeconds: 30, schedule: '0 * * * *' }));
    mustCreate(c, cronJob('t', { suspend: true, startingDeadlineSeconds: 30, schedule: '0 * * * *' }));
    c.advanceTo(T0 + 60 * MIN + 10_000);
    expect(jobNames(c)).toEqual([]);
    const resume = (name: string) =>
      c.api.mutate(c.kinds.byKind('CronJob')!, 'default', name, (o) => {
        o.spec.suspend = false;
      });
    resume('s');
    c.advance(1000);
    expect(jobNames(c)).toEqual([`s-${minute(T0) + 60}`]);
    c.advance(60_000);
    resume('t');
    c.advance(1000);
    expect(jobNames(c)).toEqual([`s-${minute(T0) + 60}`]);
  });

  it('more than 100 missed times: TooManyMissedTimes, then the most recent one runs', () => {
    const c = new Cluster({ seed: 4 });
    mustCreate(c, cronJob('m', { suspend: true }));
    c.advanceTo(T0 + 150 * MIN + 30_000);
    c.api.mutate(c.kinds.byKind('CronJob')!, 'default', 'm', (o) => {
      o.spec.suspend = false;
    });
    c.advance(1000);
    expect(cjEvents(c)).toEqual([
      'Warning TooManyMissedTimes CronJob/m: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
      `Normal SuccessfulCreate CronJob/m: Created job m-${minute(T0) + 150}`,
    ]);
  });

  it('timeZone: the schedule runs in the zone and the annotation carries its offset', () => {
    const c = new Cluster({ seed: 4 });
    mustCreate(c, cronJob('tz', { schedule: '1 10 * * *', timeZone: 'Europe/Berlin' }));
    c.advanceTo(T0 + 2 * MIN);
    const [name] = jobNames(c);
    expect(name).toBe(`tz-${minute(T0) + 1}`);
    expect(c.get('batch/Job', 'default', name!)!.metadata.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2025-01-15T10:01:00+01:00');
  });

  it('snapshot/restore keeps the schedule timer', () => {
    const run = (restore: boolean) => {
      let c = new Cluster({ seed: 4 });
      mustCreate(c, cronJob('hello'));
      c.advance(30_000);
      if (restore) c = Cluster.restore(c.snapshot());
      c.advance(3 * MIN);
      return JSON.stringify([jobNames(c), cjEvents(c)]);
    };
    expect(run(true)).toBe(run(false));
  });
});
