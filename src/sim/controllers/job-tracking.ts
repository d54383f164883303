// Job status tracking with finalizers (pkg/controller/job/job_controller.go
// `trackJobStatusAndRemoveFinalizers`, `flushUncountedAndRemoveFinalizers`, `enactJobFinished`):
// a finished pod is first recorded in `status.uncountedTerminatedPods`, then its
// `batch.kubernetes.io/job-tracking` finalizer is removed, then it moves into the counters. The
// terminal condition is written once nothing is uncounted and no pod is terminating.

import type { KindInfo } from '../api/kinds';
import type { EventRecorder } from '../api/recorder';
import type { ApiServer } from '../api/server';
import { isStatus, type KObject } from '../api/types';
import { backoffRemainingMs, type BackoffRecord, type JobBackoffStore } from './job-backoff';
import {
  ensureJobConditionStatus, hasJobTrackingFinalizer, isPodFailed, JOB_TRACKING_FINALIZER, matchPodFailurePolicy, newCondition,
  type JobCondition,
} from './job-conditions';
import { formatIndexes, getCompletionIndex, intervalsHas, intervalsTotal, isIndexedJob, withOrderedIndexes, type OrderedIntervals } from './job-indexes';

/** `MaxUncountedPods`: finished pods recorded per sync before the status is flushed. */
const MAX_UNCOUNTED_PODS = 500;

export interface JobSyncCtx {
  key: string;
  /** The Job being synced (a mutable copy; its status is what gets written). */
  job: KObject;
  pods: KObject[];
  activePods: KObject[];
  terminating: number;
  uncountedSucceeded: Set<string>;
  uncountedFailed: Set<string>;
  succeeded: number;
  failed: number;
  newBackoffRecord: BackoffRecord;
  finishedCondition?: JobCondition;
  prevSucceededIndexes: OrderedIntervals;
  succeededIndexes: OrderedIntervals;
}

export interface TrackingDeps {
  api: ApiServer;
  events: EventRecorder;
  backoff: JobBackoffStore;
  podInfo: KindInfo;
  component: string;
  now(): number;
}

/** A JobStatus as the API serializes it: zero counters and empty strings omitted. */
export function cleanJobStatus(st: Record<string, unknown>): Record<string, unknown> {
  const out = { ...st };
  for (const k of ['active', 'succeeded', 'failed'] as const) if (!out[k]) delete out[k];
  if (!out.completedIndexes) delete out.completedIndexes;
  if (Array.isArray(out.conditions) && out.conditions.length === 0) delete out.conditions;
  const u = (out.uncountedTerminatedPods ?? {}) as { succeeded?: string[]; failed?: string[] };
  const uncounted: Record<string, string[]> = {};
  if (u.succeeded?.length) uncounted.succeeded = [...u.succeeded];
  if (u.failed?.length) uncounted.failed = [...u.failed];
  out.uncountedTerminatedPods = uncounted;
  return out;
}

export function isSuccessCriteriaMet(c: JobCondition | undefined): boolean {
  return c?.type === 'SuccessCriteriaMet' && c.status === 'True';
}

/** `canRemoveFinalizer` (no backoffLimitPerIndex). */
function canRemoveFinalizer(ctx: JobSyncCtx, pod: KObject, considerFailed: boolean): boolean {
  if (ctx.job.metadata.deletionTimestamp || ctx.finishedCondition || pod.status?.phase === 'Succeeded') return true;
  return considerFailed;
}

/** Moves uncounted pods whose finalizer is gone into the counters; whether anything moved. */
function cleanUncountedPodsWithoutFinalizers(status: Record<string, any>, withFinalizer: Set<string>): boolean { // eslint-disable-line @typescript-eslint/no-explicit-any
  const u = status.uncountedTerminatedPods as { succeeded?: string[]; failed?: string[] };
  let updated = false;
  for (const which of ['succeeded', 'failed'] as const) {
    const list = u[which] ?? [];
    const kept = list.filter((uid) => withFinalizer.has(uid));
    if (kept.length !== list.length) {
      updated = true;
      status[which] = (status[which] ?? 0) + list.length - kept.length;
      u[which] = kept;
    }
  }
  return updated;
}

export function trackJobStatusAndRemoveFinalizers(deps: TrackingDeps, ctx: JobSyncCtx, needsFlushIn: boolean): void {
  let needsFlush = needsFlushIn;
  const job = ctx.job;
  const status = job.status;
  const indexed = isIndexedJob(job);
  const completions: number = job.spec?.completions ?? 0;
  const uncounted = status.uncountedTerminatedPods as { succeeded?: string[]; failed?: string[] };
  uncounted.succeeded = [...(uncounted.succeeded ?? [])];
  uncounted.failed = [...(uncounted.failed ?? [])];
  const pods = indexed ? [...ctx.pods].sort((a, b) => getCompletionIndex(a) - getCompletionIndex(b)) : ctx.pods;
  const withFinalizer = new Set(pods.filter(hasJobTrackingFinalizer).map((p) => p.metadata.uid!));
  if (cleanUncountedPodsWithoutFinalizers(status, withFinalizer)) needsFlush = true;

  const toRemoveFinalizer: KObject[] = [];
  const newSucceededIndexes: number[] = [];
  let reachedMax = false;
  for (const pod of pods) {
    if (!hasJobTrackingFinalizer(pod)) continue;
    const uid = pod.metadata.uid!;
    const considerFailed = isPodFailed(pod, job);
    if (!canRemoveFinalizer(ctx, pod, considerFailed)) continue;
    toRemoveFinalizer.push(pod);
    if (pod.status?.phase === 'Succeeded' && !ctx.uncountedFailed.has(uid)) {
      if (indexed) {
        const ix = getCompletionIndex(pod);
        if (ix >= 0 && ix < completions && !intervalsHas(ctx.prevSucceededIndexes, ix)) newSucceededIndexes.push(ix);
      } else if (!ctx.uncountedSucceeded.has(uid)) {
        needsFlush = true;
        uncounted.succeeded.push(uid);
      }
    } else if (considerFailed || (ctx.finishedCondition && !isSuccessCriteriaMet(ctx.finishedCondition))) {
      const ix = getCompletionIndex(pod);
      if (!ctx.uncountedFailed.has(uid) && (!indexed || (ix >= 0 && ix < completions))) {
        if (matchPodFailurePolicy(job, pod).countFailed) {
          needsFlush = true;
          uncounted.failed.push(uid);
        }
      }
    }
    if (newSucceededIndexes.length + uncounted.succeeded.length + uncounted.failed.length >= MAX_UNCOUNTED_PODS) {
      reachedMax = true;
      break;
    }
  }
  if (indexed) {
    ctx.succeededIndexes = withOrderedIndexes(ctx.succeededIndexes, newSucceededIndexes);
    const s = formatIndexes(ctx.succeededIndexes);
    if (s !== (status.completedIndexes ?? '')) needsFlush = true;
    status.succeeded = intervalsTotal(ctx.succeededIndexes);
    status.completedIndexes = s;
  }
  const now = deps.now();
  if (ctx.finishedCondition?.type === 'FailureTarget') {
    status.conditions = [...(status.conditions ?? []), ctx.finishedCondition];
    needsFlush = true;
    ctx.finishedCondition = newCondition('Failed', 'True', ctx.finishedCondition.reason ?? '', ctx.finishedCondition.message ?? '', now);
  }
  if (isSuccessCriteriaMet(ctx.finishedCondition)) {
    const has = (status.conditions ?? []).some((c: JobCondition) => c.type === 'SuccessCriteriaMet' && c.status === 'True');
    if (!has) {
      status.conditions = [...(status.conditions ?? []), ctx.finishedCondition];
      needsFlush = true;
    }
    ctx.finishedCondition = newCondition('Complete', 'True', ctx.finishedCondition!.reason ?? '', ctx.finishedCondition!.message ?? '', now);
  }

  // flushUncountedAndRemoveFinalizers
  if (needsFlush) {
    writeStatus(deps, ctx);
    deps.backoff.update(ctx.key, ctx.newBackoffRecord);
    needsFlush = false;
  }
  for (const p of toRemoveFinalizer) {
    const r = removeTrackingFinalizer(deps, p);
    if (r) withFinalizer.delete(p.metadata.uid!);
  }
  if (cleanUncountedPodsWithoutFinalizers(status, withFinalizer)) needsFlush = true;

  const finished = !reachedMax && enactJobFinished(ctx, now);
  if (finished) needsFlush = true;
  if (needsFlush) {
    writeStatus(deps, ctx);
    if (finished) recordJobFinished(deps, ctx);
  }
}

/** Removes the job-tracking finalizer from a pod; false if that failed. */
export function removeTrackingFinalizer(deps: TrackingDeps, pod: KObject): boolean {
  const r = deps.api.mutate(deps.podInfo, pod.metadata.namespace, pod.metadata.name!, (o) => {
    if (o.metadata.uid !== pod.metadata.uid) return;
    const f = (o.metadata.finalizers ?? []).filter((x) => x !== JOB_TRACKING_FINALIZER);
    if (f.length === 0) delete o.metadata.finalizers;
    else o.metadata.finalizers = f;
  });
  return !isStatus(r) || r.code === 404;
}

function enactJobFinished(ctx: JobSyncCtx, now: number): boolean {
  const cond = ctx.finishedCondition;
  if (!cond) return false;
  const u = ctx.job.status.uncountedTerminatedPods as { succeeded?: string[]; failed?: string[] };
  if ((u.succeeded?.length ?? 0) + (u.failed?.length ?? 0) > 0) return false;
  if (ctx.terminating > 0) return false;
  const [conds] = ensureJobConditionStatus(ctx.job.status.conditions ?? [], cond.type, cond.status, cond.reason ?? '', cond.message ?? '', now);
  ctx.job.status.conditions = conds;
  if (cond.type === 'Complete') ctx.job.status.completionTime = cond.lastTransitionTime;
  return true;
}

function recordJobFinished(deps: TrackingDeps, ctx: JobSyncCtx): void {
  const job = ctx.job;
  const cond = ctx.finishedCondition!;
  const src = { component: deps.component };
  if (cond.type === 'Complete') {
    const completions = job.spec?.completions;
    if (typeof completions === 'number' && (job.status.succeeded ?? 0) > completions) {
      deps.events.record(job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached', src);
    }
    deps.events.record(job, 'Normal', 'Completed', 'Job completed', src);
  } else {
    deps.events.record(job, 'Warning', cond.reason ?? '', cond.message ?? '', src);
  }
}

/** Writes the Job's status through the status subresource and keeps the written copy. */
export function writeStatus(deps: TrackingDeps, ctx: JobSyncCtx): void {
  const cur = deps.api.store.get('batch/Job', ctx.job.metadata.namespace, ctx.job.metadata.name!);
  if (!cur || cur.metadata.uid !== ctx.job.metadata.uid) return;
  const status = cleanJobStatus(ctx.job.status);
  const r = deps.api.update({ ...cur, status }, { subresource: 'status' });
  // The in-memory status stays the source of truth for the rest of the sync.
  if (!isStatus(r)) ctx.job = { ...r, status: ctx.job.status };
}

/** Back-off still to wait before creating pods, ms. */
export function remainingBackoffMs(ctx: JobSyncCtx, now: number): number {
  return backoffRemainingMs(ctx.newBackoffRecord, now);
}
