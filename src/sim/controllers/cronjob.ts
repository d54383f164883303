// The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go, utils.go): creates the
// Job of each scheduled time, named `<cronjob>-<minutes since epoch>`, honouring suspend,
// startingDeadlineSeconds, concurrencyPolicy (Allow / Forbid / Replace) and the history limits;
// tracks `status.active`, `lastScheduleTime`, `lastSuccessfulTime`; requeues itself at the next
// schedule time + 100 ms.

import { clone, controllerOf, newControllerRef } from '../api/meta';
import type { StoredChange } from '../api/store';
import { isStatus, type KObject } from '../api/types';
import { parseTime, rfc3339 } from '../core/time';
import type { Component, ComponentHost } from '../host';
import type { Controller } from './manager';
import { mostRecentScheduleTime, nextScheduleDelay, parseSchedule, validTimeZone, type Schedule } from './cronjob-schedule';
import { DelayingQueue } from './job-delayqueue';
import { finishedConditionType } from './job-conditions';

export const CRONJOB_CONTROLLER = 'cronjob-controller';
export const CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

const splitKey = (key: string): [string, string] => {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
};

/** `getJobName`: `<cronjob>-<scheduled time in minutes since the epoch>`. */
export function cronJobJobName(cjName: string, scheduledMs: number): string {
  return `${cjName}-${Math.floor(scheduledMs / 60_000)}`;
}

/** Go's RFC3339 of an instant in a time zone: `2025-01-15T10:00:00+01:00`, `…Z` for UTC. */
export function rfc3339InZone(ms: number, tz: string | undefined): string {
  if (!tz || tz === 'UTC' || tz === 'Local') return rfc3339(ms);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const offsetMin = Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
  if (offsetMin === 0) return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}Z`;
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${off}`;
}

/** RFC1123Z in UTC, as the MissSchedule event prints it: `Wed, 15 Jan 2025 09:05:00 +0000`. */
function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

interface ObjectRef {
  apiVersion?: string;
  kind?: string;
  name: string;
  namespace?: string;
  resourceVersion?: string;
  uid: string;
}

export class CronJobController implements Controller {
  readonly name = CRONJOB_CONTROLLER;
  readonly kinds = ['batch/CronJob', 'batch/Job'];
  readonly queue: DelayingQueue;
  /** key → schedule and time zone last seen, to requeue at the new time when they change. */
  private readonly seen = new Map<string, string>();

  constructor(private readonly host: ComponentHost) {
    this.queue = new DelayingQueue(host, CRONJOB_CONTROLLER, 'cronjob.schedule', true);
  }

  private get jobInfo() {
    return this.host.kinds.byApiVersionKind('batch/v1', 'Job')!;
  }

  keysFor(change: StoredChange): readonly string[] {
    const o = change.object;
    if (change.kindKey === 'batch/CronJob') {
      const key = `${o.metadata.namespace}/${o.metadata.name}`;
      if (change.type === 'DELETED') {
        this.seen.delete(key);
        this.queue.forget(key);
        return [];
      }
      const sig = `${o.spec?.schedule}\n${o.spec?.timeZone ?? ''}`;
      const prev = this.seen.get(key);
      this.seen.set(key, sig);
      if (change.type === 'MODIFIED' && prev !== undefined && prev !== sig) {
        const delay = this.delayFor(o);
        if (delay !== undefined) this.queue.addAfter(key, delay);
        return [];
      }
      return [key];
    }
    if (change.kindKey !== 'batch/Job') return [];
    const ref = controllerOf(o);
    if (!ref || ref.kind !== 'CronJob' || ref.apiVersion !== 'batch/v1') return [];
    return [`${o.metadata.namespace}/${ref.name}`];
  }

  resync(): void {
    this.seen.clear();
    for (const cj of this.host.store.list('batch/CronJob')) this.seen.set(`${cj.metadata.namespace}/${cj.metadata.name}`, `${cj.spec?.schedule}\n${cj.spec?.timeZone ?? ''}`);
  }

  private schedule(cj: KObject): Schedule | string {
    try {
      return parseSchedule(String(cj.spec?.schedule ?? ''), cj.spec?.timeZone ?? undefined);
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  private delayFor(cj: KObject): number | undefined {
    const sched = this.schedule(cj);
    if (typeof sched === 'string') return undefined;
    return nextScheduleDelay(sched, parseTime(cj.metadata.creationTimestamp) ?? this.host.now(), parseTime(cj.status?.lastScheduleTime), this.host.now());
  }

  sync(key: string): void {
    const [ns, name] = splitKey(key);
    const cj = this.host.store.get('batch/CronJob', ns, name);
    if (!cj) return;
    const jobs = this.host.store.list('batch/Job', ns).filter((j) => controllerOf(j)?.uid === cj.metadata.uid);
    const copy = clone(cj);
    copy.status = copy.status ?? {};
    const cleaned = this.cleanupFinishedJobs(copy, jobs);
    const { requeueMs, updateStatus } = this.syncCronJob(copy, jobs);
    if (cleaned || updateStatus) {
      const status = { ...copy.status };
      if (Array.isArray(status.active) && status.active.length === 0) delete status.active;
      const cur = this.host.store.get('batch/CronJob', ns, name);
      if (cur) this.host.api.update({ ...cur, status }, { subresource: 'status' });
    }
    if (requeueMs !== undefined) this.queue.addAfter(key, requeueMs);
  }

  private event(cj: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.host.events.record(cj, type, reason, message, { component: CRONJOB_CONTROLLER });
  }

  /** `deleteJob`: deletes the Job (Background) and drops it from the active list. */
  private deleteJob(cj: KObject, job: KObject): boolean {
    const r = this.host.api.delete(this.jobInfo, job.metadata.namespace, job.metadata.name!, { propagationPolicy: 'Background' });
    if (isStatus(r) && r.code !== 404) {
      this.event(cj, 'Warning', 'FailedDelete', `Deleted job: ${r.message}`);
      return false;
    }
    cj.status.active = (cj.status.active ?? []).filter((a: ObjectRef) => a.uid !== job.metadata.uid);
    this.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
    return true;
  }

  /** `cleanupFinishedJobs`: deletes the oldest finished Jobs beyond the history limits. */
  private cleanupFinishedJobs(cj: KObject, jobs: KObject[]): boolean {
    const succeededLimit = cj.spec?.successfulJobsHistoryLimit;
    const failedLimit = cj.spec?.failedJobsHistoryLimit;
    if (succeededLimit == null && failedLimit == null) return false;
    const byStart = (a: KObject, b: KObject) => {
      const ta = parseTime(a.status?.startTime);
      const tb = parseTime(b.status?.startTime);
      if (ta === undefined || tb === undefined) return ta === undefined && tb === undefined ? (a.metadata.name! < b.metadata.name! ? -1 : 1) : ta === undefined ? 1 : -1;
      return ta === tb ? (a.metadata.name! < b.metadata.name! ? -1 : 1) : ta - tb;
    };
    let updated = false;
    for (const [type, limit] of [['Complete', succeededLimit], ['Failed', failedLimit]] as const) {
      if (limit == null) continue;
      const list = jobs.filter((j) => finishedConditionType(j) === type).sort(byStart);
      for (let i = 0; i < list.length - limit; i++) if (this.deleteJob(cj, list[i])) updated = true;
    }
    return updated;
  }

  private syncCronJob(cj: KObject, jobs: KObject[]): { requeueMs?: number; updateStatus: boolean } {
    const now = this.host.now();
    let updateStatus = false;
    const active = (): ObjectRef[] => cj.status.active ?? [];
    const children = new Set<string>();
    for (const j of jobs) {
      children.add(j.metadata.uid!);
      const found = active().some((a) => a.uid === j.metadata.uid);
      const finished = finishedConditionType(j);
      if (!found && !finished) {
        this.event(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
      } else if (found && finished) {
        cj.status.active = active().filter((a) => a.uid !== j.metadata.uid);
        this.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${finished}`);
        updateStatus = true;
      } else if (finished === 'Complete' && j.status?.completionTime) {
        const last = parseTime(cj.status.lastSuccessfulTime);
        if (last === undefined || (parseTime(j.status.completionTime) ?? 0) > last) {
          cj.status.lastSuccessfulTime = j.status.completionTime;
          updateStatus = true;
        }
      }
    }
    for (const a of [...active()]) {
      if (children.has(a.uid)) continue;
      if (this.host.store.get('batch/Job', a.namespace ?? cj.metadata.namespace, a.name)) continue;
      this.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${a.name}`);
      cj.status.active = active().filter((x) => x.uid !== a.uid);
      updateStatus = true;
    }
    if (cj.metadata.deletionTimestamp) return { updateStatus };
    const tz: string | undefined = cj.spec?.timeZone ?? undefined;
    if (tz !== undefined) {
      const err = validTimeZone(tz);
      if (err) {
        this.event(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: ${err}`);
        return { updateStatus };
      }
    }
    if (cj.spec?.suspend === true) return { updateStatus };
    const sched = this.schedule(cj);
    if (typeof sched === 'string') {
      this.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec?.schedule)} : ${sched}`);
      return { updateStatus };
    }
    const created = parseTime(cj.metadata.creationTimestamp) ?? now;
    const last = parseTime(cj.status.lastScheduleTime);
    const requeue = () => nextScheduleDelay(sched, created, parseTime(cj.status.lastScheduleTime), now);
    const deadline: number | undefined = cj.spec?.startingDeadlineSeconds ?? undefined;
    const recent = mostRecentScheduleTime(sched, created, last, now, deadline);
    if (recent.error) {
      this.event(cj, 'Warning', 'InvalidSchedule', `invalid schedule: ${cj.spec.schedule} : ${recent.error}`);
      return { updateStatus };
    }
    if (recent.mostRecentMs === undefined) return { requeueMs: requeue(), updateStatus };
    if (recent.missed === 'many') {
      this.event(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    }
    const scheduled = recent.mostRecentMs;
    if (deadline !== undefined && scheduled + deadline * 1000 < now) {
      this.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      return { requeueMs: requeue(), updateStatus };
    }
    const jobName = cronJobJobName(cj.metadata.name!, scheduled);
    if (active().some((a) => a.name === jobName) || last === scheduled) return { requeueMs: requeue(), updateStatus };
    if (cj.spec?.concurrencyPolicy === 'Forbid' && active().length > 0) {
      this.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return { requeueMs: requeue(), updateStatus };
    }
    if (cj.spec?.concurrencyPolicy === 'Replace') {
      for (const a of [...active()]) {
        const job = this.host.store.get('batch/Job', a.namespace ?? cj.metadata.namespace, a.name);
        if (!job) {
          this.event(cj, 'Warning', 'FailedGet', `Get job: jobs.batch "${a.name}" not found`);
          return { updateStatus };
        }
        if (!this.deleteJob(cj, job)) return { updateStatus };
        updateStatus = true;
      }
    }
    const tmpl = cj.spec?.jobTemplate ?? {};
    const job: KObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: jobName,
        namespace: cj.metadata.namespace,
        ...(tmpl.metadata?.labels && Object.keys(tmpl.metadata.labels).length > 0 ? { labels: { ...tmpl.metadata.labels } } : {}),
        annotations: { ...(tmpl.metadata?.annotations ?? {}), [CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339InZone(scheduled, tz) },
        ownerReferences: [newControllerRef(cj)],
      },
      spec: clone(tmpl.spec ?? {}),
    };
    let resp = this.host.api.create(job);
    if (isStatus(resp)) {
      if (resp.reason !== 'AlreadyExists') {
        if (!/because it is being terminated$/.test(resp.message)) this.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${resp.message}`);
        return { updateStatus };
      }
      const existing = this.host.store.get('batch/Job', cj.metadata.namespace, jobName);
      if (!existing || controllerOf(existing)?.uid !== cj.metadata.uid || active().some((a) => a.uid === existing.metadata.uid)) return { updateStatus };
      resp = existing;
    } else {
      this.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${resp.metadata.name}`);
    }
    cj.status.active = [
      ...active(),
      { apiVersion: 'batch/v1', kind: 'Job', name: resp.metadata.name!, namespace: resp.metadata.namespace, resourceVersion: resp.metadata.resourceVersion, uid: resp.metadata.uid! },
    ];
    cj.status.lastScheduleTime = rfc3339(scheduled);
    return { requeueMs: requeue(), updateStatus: true };
  }
}

/** The `cronjob-controller` component. */
export function createCronJobController(): Component {
  return {
    name: CRONJOB_CONTROLLER,
    install(host) {
      const c = new CronJobController(host);
      host.registerController(c);
      host.registerState(CRONJOB_CONTROLLER, c.queue);
    },
  };
}
