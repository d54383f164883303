// The Job controller (pkg/controller/job/job_controller.go `syncJob`, `manageJob`): runs pods
// until `completions` succeed (NonIndexed or Indexed), `parallelism` at a time; replaces failed
// pods after an exponential back-off; fails the Job past `backoffLimit` or `activeDeadlineSeconds`
// (or a podFailurePolicy FailJob rule); suspends and resumes. Pod events are batched for 1 s
// (`syncJobBatchPeriod`), as upstream. Pods carry the `batch.kubernetes.io/job-tracking` finalizer
// until counted (job-tracking.ts).

import type { KindInfo } from '../api/kinds';
import { clone, controllerOf, newControllerRef } from '../api/meta';
import { isPodActive, isPodReady, isPodTerminal } from '../api/podutil';
import { labelSelectorFromSpec } from '../api/selectors';
import type { StoredChange } from '../api/store';
import { isStatus, type KObject, type Status } from '../api/types';
import { parseTime, rfc3339 } from '../core/time';
import type { Component, ComponentHost } from '../host';
import { NO_KEYS, type Controller } from './manager';
import { JobBackoffStore } from './job-backoff';
import {
  ensureJobConditionStatus, failJobMessage, findCondition, hasJobTrackingFinalizer, isJobFinished, isPodFailed, JOB_TRACKING_FINALIZER,
  matchPodFailurePolicy, newCondition, onlyReplaceFailedPods, pastBackoffLimitOnFailure, type JobCondition,
} from './job-conditions';
import { DelayingQueue } from './job-delayqueue';
import {
  addCompletionIndexEnv, firstPendingIndexes, getCompletionIndex, indexedPodTemplate, intervalsTotal, isIndexedJob, parseIndexes,
  podGenerateNameWithIndex, withOrderedIndexes,
} from './job-indexes';
import { remainingBackoffMs, removeTrackingFinalizer, trackJobStatusAndRemoveFinalizers, type JobSyncCtx, type TrackingDeps } from './job-tracking';
import { claimObjects, recheckDeletionTimestamp } from './util/claim';
import { deletePod, podFromTemplate, SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from './util/podcontrol';
import { rankPodsForDeletion } from './util/ranking';

export const JOB_CONTROLLER = 'job-controller';
/** `syncJobBatchPeriod`: pod events reach the Job this long after they happen. */
export const SYNC_JOB_BATCH_PERIOD_MS = 1000;
/** `MaxPodCreateDeletePerSync`. */
const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

const splitKey = (key: string): [string, string] => {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
};

const ORPHAN = 'orphan:';

export class JobController implements Controller {
  readonly name = JOB_CONTROLLER;
  readonly kinds = ['batch/Job', '/Pod'];
  readonly backoff = new JobBackoffStore();
  /** Batched pod events and pod-failure back-off (foreground). */
  readonly queue: DelayingQueue;
  /** activeDeadlineSeconds checks (background: they may lie far ahead). */
  readonly deadlines: DelayingQueue;

  constructor(private readonly host: ComponentHost) {
    this.queue = new DelayingQueue(host, JOB_CONTROLLER, 'job.sync', false);
    this.deadlines = new DelayingQueue(host, JOB_CONTROLLER, 'job.deadline', true);
  }

  private get podInfo(): KindInfo {
    return this.host.kinds.byKind('Pod')!;
  }

  private get jobInfo(): KindInfo {
    return this.host.kinds.byApiVersionKind('batch/v1', 'Job')!;
  }

  private ownerJob(pod: KObject): KObject | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return undefined;
    const job = this.host.store.get('batch/Job', pod.metadata.namespace, ref.name);
    return job?.metadata.uid === ref.uid ? job : undefined;
  }

  keysFor(change: StoredChange): readonly string[] {
    const o = change.object;
    if (change.kindKey === 'batch/Job') {
      const key = `${o.metadata.namespace}/${o.metadata.name}`;
      if (change.type !== 'DELETED') return [key];
      // The Job is gone: its pods may still hold the tracking finalizer.
      const orphans = this.host.store
        .list('/Pod', o.metadata.namespace)
        .filter((p) => controllerOf(p)?.uid === o.metadata.uid && hasJobTrackingFinalizer(p))
        .map((p) => `${ORPHAN}${p.metadata.namespace}/${p.metadata.name}`);
      return [key, ...orphans];
    }
    if (change.kindKey !== '/Pod') return NO_KEYS;
    const ref = controllerOf(o);
    // Another controller's pod (most pod changes): it has no Job to queue, the orphan check
    // below is for pods without a controller or with a Job's, and only controller-less pods
    // are matched against the Jobs' selectors.
    if (ref && (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1')) return NO_KEYS;
    const job = this.ownerJob(o);
    if (job) {
      this.queue.addAfter(`${job.metadata.namespace}/${job.metadata.name}`, SYNC_JOB_BATCH_PERIOD_MS);
      return NO_KEYS;
    }
    const keys: string[] = [];
    // `ref` is none or a Job's here (the early return above).
    if (change.type !== 'DELETED' && hasJobTrackingFinalizer(o)) keys.push(`${ORPHAN}${o.metadata.namespace}/${o.metadata.name}`);
    if (!ref && change.type !== 'DELETED' && !o.metadata.deletionTimestamp) {
      for (const j of this.host.store.list('batch/Job', o.metadata.namespace)) {
        const sel = labelSelectorFromSpec(j.spec?.selector);
        if (!sel.empty && sel.matches(o.metadata.labels ?? {})) this.queue.addAfter(`${j.metadata.namespace}/${j.metadata.name}`, SYNC_JOB_BATCH_PERIOD_MS);
      }
    }
    return keys;
  }

  sync(key: string): number | void {
    if (key.startsWith(ORPHAN)) return this.syncOrphanPod(key.slice(ORPHAN.length));
    const [ns, name] = splitKey(key);
    const job = this.host.store.get('batch/Job', ns, name);
    if (!job) {
      this.backoff.remove(key);
      return;
    }
    this.syncJob(key, job);
  }

  /** `syncOrphanPod`: drops the finalizer of a pod whose Job is gone or finished. */
  private syncOrphanPod(podKey: string): void {
    const [ns, name] = splitKey(podKey);
    const pod = this.host.store.get('/Pod', ns, name);
    if (!pod || !hasJobTrackingFinalizer(pod)) return;
    const ref = controllerOf(pod);
    if (ref) {
      if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return;
      const job = this.ownerJob(pod);
      if (job && !isJobFinished(job)) return;
    }
    removeTrackingFinalizer(this.deps, pod);
  }

  private get deps(): TrackingDeps {
    return { api: this.host.api, events: this.host.events, backoff: this.backoff, podInfo: this.podInfo, component: JOB_CONTROLLER, now: () => this.host.now() };
  }

  /** `getPodsForJob`: every pod the Job controls, adopting orphans that match its selector. */
  private podsForJob(job: KObject): KObject[] {
    const sel = labelSelectorFromSpec(job.spec?.selector);
    const all = this.host.store.list('/Pod', job.metadata.namespace);
    const owned = new Set(all.filter((p) => p.metadata.ownerReferences?.some((x) => x.uid === job.metadata.uid)).map((p) => p.metadata.uid));
    const r = claimObjects(
      { api: this.host.api, owner: job, childInfo: this.podInfo, match: (p) => sel.matches(p.metadata.labels ?? {}), canAdopt: recheckDeletionTimestamp(this.host.api, this.jobInfo, job) },
      all,
    );
    return r.claimed.map((p) => {
      if (owned.has(p.metadata.uid) || hasJobTrackingFinalizer(p)) return p;
      // Adopted: upstream adds the finalizer with the ownerReference.
      const patched = this.host.api.mutate(this.podInfo, p.metadata.namespace, p.metadata.name!, (o) => {
        o.metadata.finalizers = [...(o.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER];
      });
      return isStatus(patched) ? p : patched;
    });
  }

  private syncJob(key: string, stored: KObject): void {
    if (isJobFinished(stored)) {
      this.backoff.remove(key);
      return;
    }
    const now = this.host.now();
    const job = clone(stored);
    job.status = job.status ?? {};
    job.status.uncountedTerminatedPods = job.status.uncountedTerminatedPods ?? {};
    const pods = this.podsForJob(job);
    const uncountedSucceeded = new Set<string>(job.status.uncountedTerminatedPods.succeeded ?? []);
    const uncountedFailed = new Set<string>(job.status.uncountedTerminatedPods.failed ?? []);
    const indexed = isIndexedJob(job);
    const completions: number | undefined = job.spec?.completions ?? undefined;
    const validIndex = (p: KObject) => !indexed || (getCompletionIndex(p) >= 0 && getCompletionIndex(p) < (completions ?? 0));
    const counted = (p: KObject, uncounted: Set<string>) => hasJobTrackingFinalizer(p) && !uncounted.has(p.metadata.uid!) && validIndex(p);
    const newSucceeded = pods.filter((p) => counted(p, uncountedSucceeded) && p.status?.phase === 'Succeeded');
    const newFailed = pods.filter((p) => counted(p, uncountedFailed) && isPodFailed(p, job));
    const activePods = pods.filter(isPodActive);
    const ctx: JobSyncCtx = {
      key,
      job,
      pods,
      activePods,
      terminating: pods.filter((p) => p.metadata.deletionTimestamp && !isPodTerminal(p)).length,
      uncountedSucceeded,
      uncountedFailed,
      succeeded: (job.status.succeeded ?? 0) + newSucceeded.length + uncountedSucceeded.size,
      failed: (job.status.failed ?? 0) + newFailed.filter((p) => matchPodFailurePolicy(job, p).action !== 'Ignore').length + uncountedFailed.size,
      newBackoffRecord: this.backoff.newRecord(key, newSucceeded, newFailed),
      prevSucceededIndexes: [],
      succeededIndexes: [],
    };
    let active = activePods.length;
    let ready = activePods.filter(isPodReady).length;
    const suspended = job.spec?.suspend === true;
    if (!job.status.startTime && !suspended) job.status.startTime = rfc3339(now);

    const sc = findCondition(job, 'SuccessCriteriaMet');
    if (sc?.status === 'True') ctx.finishedCondition = sc;
    if (!ctx.finishedCondition) {
      const ft = findCondition(job, 'FailureTarget');
      if (ft?.status === 'True') ctx.finishedCondition = newCondition('Failed', 'True', ft.reason ?? '', ft.message ?? '', now);
      else {
        const msg = failJobMessage(job, pods);
        if (msg) ctx.finishedCondition = newCondition('FailureTarget', 'True', 'PodFailurePolicy', msg, now);
      }
    }
    if (!ctx.finishedCondition) {
      if (ctx.failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
        ctx.finishedCondition = newCondition('FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', now);
      } else if (this.pastActiveDeadline(job, now)) {
        ctx.finishedCondition = newCondition('FailureTarget', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline', now);
      } else if (typeof job.spec?.activeDeadlineSeconds === 'number' && !suspended) {
        const start = parseTime(job.status.startTime) ?? now;
        this.deadlines.addAfter(key, job.spec.activeDeadlineSeconds * 1000 - (now - start));
      }
    }
    if (indexed) {
      ctx.prevSucceededIndexes = parseIndexes(job.status.completedIndexes, completions ?? 0);
      const fresh = pods
        .filter((p) => p.status?.phase === 'Succeeded' && hasJobTrackingFinalizer(p) && validIndex(p))
        .map(getCompletionIndex);
      ctx.succeededIndexes = withOrderedIndexes(ctx.prevSucceededIndexes, fresh);
      ctx.succeeded = intervalsTotal(ctx.succeededIndexes);
    }

    let suspendCondChanged = false;
    if (ctx.finishedCondition) {
      const { deleted, deletedReady } = this.deleteActivePods(job, activePods);
      if (deleted !== active) ctx.finishedCondition = undefined;
      active -= deleted;
      ready -= deletedReady;
      ctx.terminating += deleted;
    } else {
      let manageJobCalled = false;
      if (!job.metadata.deletionTimestamp) {
        active = this.manageJob(ctx, active);
        manageJobCalled = true;
      }
      const complete = completions === undefined ? ctx.succeeded > 0 && active === 0 : ctx.succeeded >= completions && active === 0;
      if (complete) {
        ctx.finishedCondition = newCondition('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', now);
      } else if (manageJobCalled) {
        const conds: JobCondition[] = job.status.conditions ?? [];
        const [next, changed] = suspended
          ? ensureJobConditionStatus(conds, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now)
          : ensureJobConditionStatus(conds, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
        if (changed) {
          suspendCondChanged = true;
          job.status.conditions = next;
          this.host.events.record(job, 'Normal', suspended ? 'Suspended' : 'Resumed', suspended ? 'Job suspended' : 'Job resumed', { component: JOB_CONTROLLER });
          if (!suspended) job.status.startTime = rfc3339(now);
        }
      }
    }
    const needsStatusUpdate =
      suspendCondChanged || active !== (job.status.active ?? 0) || ready !== job.status.ready || ctx.terminating !== job.status.terminating;
    job.status.active = active;
    job.status.ready = ready;
    job.status.terminating = ctx.terminating;
    trackJobStatusAndRemoveFinalizers(this.deps, ctx, needsStatusUpdate);
  }

  private pastActiveDeadline(job: KObject, now: number): boolean {
    const ads = job.spec?.activeDeadlineSeconds;
    if (typeof ads !== 'number' || !job.status?.startTime || job.spec?.suspend === true) return false;
    return now - (parseTime(job.status.startTime) ?? now) >= ads * 1000;
  }

  /** `deleteActivePods`: deletes the pods of a finished Job, keeping their finalizers for counting. */
  private deleteActivePods(job: KObject, pods: KObject[]): { deleted: number; deletedReady: number } {
    let deleted = 0;
    let deletedReady = 0;
    for (const p of pods) {
      const err = deletePod({ api: this.host.api, events: this.host.events, component: JOB_CONTROLLER }, this.podInfo, p.metadata.namespace!, p.metadata.name!, job);
      if (err && err.code !== 404) continue;
      deleted++;
      if (isPodReady(p)) deletedReady++;
    }
    return { deleted, deletedReady };
  }

  /** `deleteJobPods`: removes the tracking finalizer (so the pod is not counted), then deletes. */
  private deleteJobPods(job: KObject, pods: KObject[]): number {
    let removed = 0;
    for (const p of pods) {
      if (hasJobTrackingFinalizer(p) && !removeTrackingFinalizer(this.deps, p)) continue;
      if (!this.host.store.get('/Pod', p.metadata.namespace, p.metadata.name!)) {
        removed++;
        continue;
      }
      const err = deletePod({ api: this.host.api, events: this.host.events, component: JOB_CONTROLLER }, this.podInfo, p.metadata.namespace!, p.metadata.name!, job);
      if (!err || err.code === 404) removed++;
    }
    return removed;
  }

  /** `activePodsForRemoval`: pods with a bad or repeated index first, then the usual ranking. */
  private podsForRemoval(job: KObject, pods: KObject[], rmAtLeast: number): KObject[] {
    const rm: KObject[] = [];
    let left = pods;
    if (isIndexedJob(job)) {
      const completions = job.spec?.completions ?? 0;
      const seen = new Set<number>();
      left = [];
      for (const p of [...pods].sort((a, b) => getCompletionIndex(a) - getCompletionIndex(b))) {
        const ix = getCompletionIndex(p);
        if (ix < 0 || ix >= completions || seen.has(ix)) rm.push(p);
        else {
          seen.add(ix);
          left.push(p);
        }
      }
    }
    if (rm.length < rmAtLeast) rm.push(...rankPodsForDeletion(left, [], this.host.now()).slice(0, rmAtLeast - rm.length));
    return rm;
  }

  /** `manageJob`: creates or deletes pods towards the wanted number of active pods. */
  private manageJob(ctx: JobSyncCtx, activeIn: number): number {
    const job = ctx.job;
    let active = activeIn;
    const parallelism: number = job.spec?.parallelism ?? 1;
    if (job.spec?.suspend === true) {
      const removed = this.deleteJobPods(job, this.podsForRemoval(job, ctx.activePods, active));
      ctx.terminating += removed;
      return active - removed;
    }
    let wantActive: number;
    if (job.spec?.completions === undefined || job.spec?.completions === null) wantActive = ctx.succeeded > 0 ? active : parallelism;
    else wantActive = Math.max(0, Math.min(job.spec.completions - ctx.succeeded, parallelism));
    const rmAtLeast = Math.max(0, active - wantActive);
    const toDelete = this.podsForRemoval(job, ctx.activePods, rmAtLeast).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
    if (toDelete.length > 0) {
      const removed = this.deleteJobPods(job, toDelete);
      ctx.terminating += removed;
      return active - removed;
    }
    const terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
    let diff = wantActive - terminating - active;
    if (diff <= 0) return active;
    const wait = remainingBackoffMs(ctx, this.host.now());
    if (wait > 0) {
      this.queue.addAfter(ctx.key, wait);
      return 0;
    }
    diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
    let indexes: number[] = [];
    if (isIndexedJob(job)) {
      const busy = onlyReplaceFailedPods(job) ? ctx.pods.filter((p) => isPodActive(p) || (p.metadata.deletionTimestamp && !isPodTerminal(p))) : ctx.activePods;
      indexes = firstPendingIndexes(ctx.succeededIndexes, busy, diff, job.spec.completions);
      diff = indexes.length;
    }
    const template = clone(job.spec.template);
    if (isIndexedJob(job)) addCompletionIndexEnv(template);
    template.metadata = template.metadata ?? {};
    if (!(template.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER)) template.metadata.finalizers = [...(template.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER];
    active += diff;
    const r = slowStartBatch(diff, SLOW_START_INITIAL_BATCH_SIZE, () => {
      const ix = indexes.shift();
      if (ix === undefined) return this.createJobPod(job, template);
      return this.createJobPod(job, indexedPodTemplate(template, job.metadata.name!, ix), podGenerateNameWithIndex(job.metadata.name!, ix));
    });
    return active - (diff - r.successes);
  }

  /** `CreatePodsWithGenerateName`, with the controller_utils events. */
  private createJobPod(job: KObject, template: KObject['spec'], generateName?: string): Status | undefined {
    const pod = podFromTemplate(template, job, newControllerRef(job));
    if (generateName) pod.metadata.generateName = generateName;
    const created = this.host.api.create(pod);
    const src = { component: JOB_CONTROLLER };
    if (isStatus(created)) {
      this.host.events.record(job, 'Warning', 'FailedCreate', `Error creating: ${created.message}`, src);
      return created;
    }
    this.host.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, src);
    return undefined;
  }
}

/** The `job-controller` component. */
export function createJobController(): Component {
  return {
    name: JOB_CONTROLLER,
    install(host) {
      const c = new JobController(host);
      host.registerController(c);
      host.registerState(`${JOB_CONTROLLER}/backoff`, c.backoff);
      host.registerState(`${JOB_CONTROLLER}/queue`, c.queue);
      host.registerState(`${JOB_CONTROLLER}/deadlines`, c.deadlines);
    },
  };
}

