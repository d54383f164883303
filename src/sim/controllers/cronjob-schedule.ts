// CronJob schedules as robfig/cron `ParseStandard` reads them (5 fields, `@hourly`-style
// descriptors, `@every 5m`), evaluated with croner in the CronJob's `spec.timeZone` (UTC, the
// simulated kube-controller-manager's zone, when unset), plus the missed-schedule arithmetic of
// pkg/controller/cronjob/utils.go (`mostRecentScheduleTime`).

import { Cron } from 'croner';

export interface Schedule {
  /** robfig `Schedule.Next`: the first activation strictly after `ms`, or undefined when none. */
  next(ms: number): number | undefined;
}

const FIELD_MAX = [59, 23, 31, 12, 6];

/** robfig accepts `N/S` as `N-max/S`; croner wants the range spelled out. */
function normalizeField(field: string, i: number): string {
  return field
    .split(',')
    .map((e) => {
      const m = /^(\d+|[A-Za-z]+)\/(\d+)$/.exec(e);
      return m ? `${m[1]}-${FIELD_MAX[i]}/${m[2]}` : e === '?' ? '*' : e;
    })
    .join(',');
}

const DURATION_UNITS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, 'µs': 0.001, ns: 0.000001 };

function parseGoDuration(s: string): number | undefined {
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let end = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    end = re.lastIndex;
  }
  return end === s.length && end > 0 ? total : undefined;
}

/** Parses a schedule (without TZ= prefix); throws with a message on error. */
export function parseSchedule(schedule: string, timeZone?: string): Schedule {
  const spec = schedule.trim();
  if (spec.startsWith('@every ')) {
    const d = parseGoDuration(spec.slice(7).trim());
    if (d === undefined) throw new Error(`failed to parse duration ${spec}`);
    // ConstantDelaySchedule: at least 1 s, rounded down to whole seconds.
    const delay = Math.max(1000, Math.floor(d / 1000) * 1000);
    return { next: (ms) => Math.floor(ms / 1000) * 1000 + delay };
  }
  let pattern = spec;
  if (!spec.startsWith('@')) {
    const fields = spec.split(/\s+/);
    pattern = fields.map(normalizeField).join(' ');
  }
  const cron = new Cron(pattern, { paused: true, mode: '5-part', ...(timeZone ? { timezone: timeZone } : { timezone: 'UTC' }) });
  return {
    next: (ms) => {
      const d = cron.nextRun(new Date(ms));
      return d ? d.getTime() : undefined;
    },
  };
}

/** Whether `tz` is a time zone the runtime knows (`time.LoadLocation`). */
export function validTimeZone(tz: string): string | undefined {
  if (tz === '' || tz === 'UTC' || tz === 'Local') return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return undefined;
  } catch {
    return `unknown time zone ${tz}`;
  }
}

export type Missed = 'none' | 'few' | 'many';

export interface MostRecent {
  earliestMs: number;
  /** The latest activation in (earliest, now], if any. */
  mostRecentMs?: number;
  missed: Missed;
  error?: string;
}

/**
 * `mostRecentScheduleTime`: from the last schedule (or creation) time, optionally moved up to
 * now − startingDeadlineSeconds, the most recent activation not after now and how many were missed.
 */
export function mostRecentScheduleTime(
  sched: Schedule,
  creationMs: number,
  lastScheduleMs: number | undefined,
  nowMs: number,
  startingDeadlineSeconds?: number,
): MostRecent {
  let earliest = lastScheduleMs ?? creationMs;
  if (startingDeadlineSeconds !== undefined) {
    const deadline = nowMs - startingDeadlineSeconds * 1000;
    if (deadline > earliest) earliest = deadline;
  }
  const t1 = sched.next(earliest);
  if (t1 === undefined) return { earliestMs: earliest, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  const t2 = sched.next(t1);
  if (nowMs < t1) return { earliestMs: earliest, missed: 'none' };
  if (t2 !== undefined && nowMs < t2) return { earliestMs: earliest, mostRecentMs: t1, missed: 'none' };
  const between = t2 === undefined ? 0 : Math.round((t2 - t1) / 1000);
  if (between < 1) return { earliestMs: earliest, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  const elapsed = Math.trunc((nowMs - t1) / 1000);
  const missedCount = Math.trunc(elapsed / between) + 1;
  let mostRecent: number | undefined;
  const potentialEarliest = t1 + (missedCount - 1 - 1) * between * 1000;
  for (let t = sched.next(potentialEarliest); t !== undefined && t <= nowMs; t = sched.next(t)) mostRecent = t;
  const missed: Missed = missedCount > 100 ? 'many' : missedCount > 0 ? 'few' : 'none';
  return { earliestMs: earliest, ...(mostRecent !== undefined ? { mostRecentMs: mostRecent } : {}), missed };
}

/** `nextScheduleTimeDuration`: ms from now until the activation after the most recent one, + 100 ms. */
export function nextScheduleDelay(sched: Schedule, creationMs: number, lastScheduleMs: number | undefined, nowMs: number): number | undefined {
  const r = mostRecentScheduleTime(sched, creationMs, lastScheduleMs, nowMs);
  const from = r.error ? nowMs : (r.mostRecentMs ?? r.earliestMs);
  const next = sched.next(from);
  return next === undefined ? undefined : next + 100 - nowMs;
}
