// Job conditions and pod failure policy (pkg/controller/job/job_controller.go, pod_failure_policy.go,
// pkg/controller/job/util/utils.go). v1.32 has JobPodReplacementPolicy and JobManagedBy on, so a
// Job first gets the interim `SuccessCriteriaMet` / `FailureTarget` condition and the terminal
// `Complete` / `Failed` only once its pods have terminated (`delayTerminalCondition`).

import type { KObject } from '../api/types';
import { rfc3339 } from '../core/time';

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';

export interface JobCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastProbeTime: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

export function newCondition(type: string, status: JobCondition['status'], reason: string, message: string, nowMs: number): JobCondition {
  const ts = rfc3339(nowMs);
  const c: JobCondition = { type, status, lastProbeTime: ts, lastTransitionTime: ts };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

export function findCondition(job: KObject, type: string): JobCondition | undefined {
  return (job.status?.conditions ?? []).find((c: JobCondition) => c.type === type);
}

function isConditionTrue(list: readonly JobCondition[], type: string): boolean {
  return list.some((c) => c.type === type && c.status === 'True');
}

/** `ensureJobConditionStatus`: sets the condition; returns the list and whether it changed. */
export function ensureJobConditionStatus(
  list: JobCondition[],
  type: string,
  status: JobCondition['status'],
  reason: string,
  message: string,
  nowMs: number,
): [JobCondition[], boolean] {
  if (isConditionTrue(list, type) === (status === 'True')) return [list, false];
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i];
    if (c.status !== status || (c.reason ?? '') !== reason || (c.message ?? '') !== message) {
      const out = [...list];
      out[i] = newCondition(type, status, reason, message, nowMs);
      return [out, true];
    }
    return [list, false];
  }
  if (status !== 'False') return [[...list, newCondition(type, status, reason, message, nowMs)], true];
  return [list, false];
}

/** `IsJobFinished`: a Complete or Failed condition that is True. */
export function isJobFinished(job: KObject): boolean {
  return (job.status?.conditions ?? []).some((c: JobCondition) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** `FinishedCondition`: the type of the True terminal condition, if any. */
export function finishedConditionType(job: KObject): string | undefined {
  return (job.status?.conditions ?? []).find((c: JobCondition) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type;
}

export function hasJobTrackingFinalizer(pod: KObject): boolean {
  return (pod.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

/** `onlyReplaceFailedPods`: podReplacementPolicy Failed, or a podFailurePolicy. */
export function onlyReplaceFailedPods(job: KObject): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || !!job.spec?.podFailurePolicy;
}

/** `isPodFailed`: Failed phase; with TerminatingOrFailed also a deleted, unfinished pod. */
export function isPodFailed(p: KObject, job: KObject): boolean {
  if (p.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded';
}

export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export interface PolicyMatch {
  /** Set for FailJob: the Job's failure message. */
  message?: string;
  /** Whether the failure counts against backoffLimit. */
  countFailed: boolean;
  action?: PodFailurePolicyAction;
}

interface ContainerStatus {
  name: string;
  state?: { terminated?: { exitCode?: number } };
}

function matchOnExitCodes(p: KObject, req: { containerName?: string; operator: string; values: number[] }): ContainerStatus | undefined {
  const lists: ContainerStatus[][] = [p.status?.initContainerStatuses ?? [], p.status?.containerStatuses ?? []];
  for (const list of lists) {
    for (const cs of list) {
      if (req.containerName && req.containerName !== cs.name) continue;
      const code = cs.state?.terminated?.exitCode;
      if (code === undefined || code === 0) continue;
      const inValues = req.values.includes(code);
      if ((req.operator === 'In' && inValues) || (req.operator === 'NotIn' && !inValues)) return cs;
    }
  }
  return undefined;
}

/** `matchPodFailurePolicy`: the first rule matching a failed pod decides. */
export function matchPodFailurePolicy(job: KObject, p: KObject): PolicyMatch {
  const policy = job.spec?.podFailurePolicy;
  if (!policy) return { countFailed: true };
  const rules: { action: PodFailurePolicyAction; onExitCodes?: never; onPodConditions?: { type: string; status?: string }[] }[] = policy.rules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index];
    let what: string | undefined;
    if (rule.onExitCodes) {
      const cs = matchOnExitCodes(p, rule.onExitCodes);
      if (cs) what = `Container ${cs.name} for pod ${p.metadata.namespace}/${p.metadata.name} failed with exit code ${cs.state!.terminated!.exitCode} matching ${rule.action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const conds: { type: string; status: string }[] = p.status?.conditions ?? [];
      const hit = conds.find((c) => rule.onPodConditions!.some((r) => r.type === c.type && (r.status ?? 'True') === c.status));
      if (hit) what = `Pod ${p.metadata.namespace}/${p.metadata.name} has condition ${hit.type} matching ${rule.action} rule at index ${index}`;
    }
    if (what === undefined) continue;
    switch (rule.action) {
      case 'Ignore':
        return { countFailed: false, action: 'Ignore' };
      case 'Count':
        return { countFailed: true, action: 'Count' };
      case 'FailIndex':
        return { countFailed: true, action: 'FailIndex' };
      case 'FailJob':
        return { message: what, countFailed: true, action: 'FailJob' };
    }
  }
  return { countFailed: true };
}

/** `getFailJobMessage`: the message of the first failed pod matching a FailJob rule. */
export function failJobMessage(job: KObject, pods: readonly KObject[]): string | undefined {
  if (!job.spec?.podFailurePolicy) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const m = matchPodFailurePolicy(job, p);
    if (m.message) return m.message;
  }
  return undefined;
}

/** `pastBackoffLimitOnFailure`: with restartPolicy OnFailure, container restarts count as failures. */
export function pastBackoffLimitOnFailure(job: KObject, pods: readonly KObject[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    const phase = p.status?.phase;
    if (phase !== 'Running' && phase !== 'Pending') continue;
    for (const cs of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) restarts += cs.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}
