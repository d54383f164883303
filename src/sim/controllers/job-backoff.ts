// Pod failure back-off of Jobs (pkg/controller/job/backoff_utils.go): replacements of failed pods
// wait 10 s × 2^(n−1) after the last failure, n = failures since the last success, capped at 10 min
// (`MaxJobPodFailureBackOff`; the docs still say 6 min). Records are controller state.

import type { KObject } from '../api/types';
import { parseTime } from '../core/time';
import type { ComponentState } from '../host';

export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  /** ms since the epoch, or null. */
  lastFailureTime: number | null;
}

/**
 * `getFinishedTime`: the latest `finishedAt` of the pod's terminated containers (all must have
 * terminated), else the Ready=False transition, else the deletion time, else the creation time.
 */
export function podFinishedTime(p: KObject): number {
  let finish: number | undefined;
  const statuses: { state?: { terminated?: { finishedAt?: string } } }[] = p.status?.containerStatuses ?? [];
  let all = statuses.length > 0;
  for (const cs of statuses) {
    const t = parseTime(cs.state?.terminated?.finishedAt);
    if (t === undefined) {
      all = false;
      break;
    }
    finish = finish === undefined ? t : Math.max(finish, t);
  }
  if (all && finish !== undefined) return finish;
  const ready = (p.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
  if (ready && ready.status === 'False') {
    const t = parseTime(ready.lastTransitionTime);
    if (t !== undefined) return t;
  }
  const del = parseTime(p.metadata.deletionTimestamp);
  if (del !== undefined) return del;
  return parseTime(p.metadata.creationTimestamp) ?? 0;
}

export class JobBackoffStore implements ComponentState {
  private records = new Map<string, BackoffRecord>();

  /** `newBackoffRecord`: the stored record updated with newly finished pods (not stored yet). */
  newRecord(key: string, newSucceeded: readonly KObject[], newFailed: readonly KObject[]): BackoffRecord {
    const old = this.records.get(key);
    const rec: BackoffRecord = { failuresAfterLastSuccess: old?.failuresAfterLastSuccess ?? 0, lastFailureTime: old?.lastFailureTime ?? null };
    const failedTimes = newFailed.map(podFinishedTime).sort((a, b) => a - b);
    const succeededTimes = newSucceeded.map(podFinishedTime).sort((a, b) => a - b);
    if (succeededTimes.length === 0) {
      if (failedTimes.length === 0) return rec;
      rec.failuresAfterLastSuccess += failedTimes.length;
      rec.lastFailureTime = failedTimes[failedTimes.length - 1];
      return rec;
    }
    rec.failuresAfterLastSuccess = 0;
    rec.lastFailureTime = null;
    const lastSuccess = succeededTimes[succeededTimes.length - 1];
    for (let i = failedTimes.length - 1; i >= 0; i--) {
      if (failedTimes[i] <= lastSuccess) break;
      if (rec.lastFailureTime === null) rec.lastFailureTime = failedTimes[i];
      rec.failuresAfterLastSuccess++;
    }
    return rec;
  }

  update(key: string, rec: BackoffRecord): void {
    this.records.set(key, { ...rec });
  }

  remove(key: string): void {
    this.records.delete(key);
  }

  snapshot(): [string, BackoffRecord][] {
    return [...this.records].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  restore(data: unknown): void {
    this.records = new Map((data ?? []) as [string, BackoffRecord][]);
  }
}

/** `getRemainingTime`: how long pod creation must still wait, ms (0: create now). */
export function backoffRemainingMs(rec: BackoffRecord, nowMs: number): number {
  if (rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === null) return 0;
  let backoff = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < rec.failuresAfterLastSuccess; i++) {
    backoff *= 2;
    if (backoff >= MAX_JOB_POD_FAILURE_BACKOFF_MS) {
      backoff = MAX_JOB_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = nowMs - rec.lastFailureTime;
  return backoff < elapsed ? 0 : backoff - elapsed;
}
