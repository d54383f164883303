// ReplicaSet / ReplicationController status (pkg/controller/replicaset/replica_set_utils.go
// `calculateStatus`, `updateReplicaSetStatus`). Zero counts are left out as the Go types'
// `omitempty` leaves them out, except `replicas`, which is always written.

import { isPodAvailable, isPodReady } from '../api/podutil';
import { jsonEqual } from '../api/meta';
import { labelSelectorFromSet } from '../api/selectors';
import type { KObject, Status } from '../api/types';
import { rfc3339 } from '../core/time';

export interface ReplicaSetCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/** The status as stored, zero values filled in for comparisons. */
export function readStatus(rs: KObject): Required<Omit<ReplicaSetStatus, 'conditions'>> & { conditions: ReplicaSetCondition[] } {
  const s = rs.status ?? {};
  return {
    replicas: num(s.replicas),
    fullyLabeledReplicas: num(s.fullyLabeledReplicas),
    readyReplicas: num(s.readyReplicas),
    availableReplicas: num(s.availableReplicas),
    observedGeneration: num(s.observedGeneration),
    conditions: Array.isArray(s.conditions) ? s.conditions : [],
  };
}

/**
 * `calculateStatus`: counts over the claimed active pods; the `ReplicaFailure` condition is set
 * (FailedCreate / FailedDelete) when managing replicas failed and none is present, and removed
 * once a sync succeeds.
 */
export function calculateReplicaSetStatus(rs: KObject, pods: readonly KObject[], manageErr: Status | undefined, nowMs: number): ReplicaSetStatus {
  const templateLabels = labelSelectorFromSet(rs.spec?.template?.metadata?.labels ?? {});
  const minReadySeconds = num(rs.spec?.minReadySeconds);
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (templateLabels.matches(pod.metadata.labels ?? {})) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, nowMs)) available++;
    }
  }
  return replicaSetStatusFromCounts(rs, { replicas: pods.length, fullyLabeled, ready, available }, manageErr, nowMs);
}

/** Counts over the claimed active pods, as `calculateStatus` takes them. */
export interface ClaimedPodCounts {
  replicas: number;
  fullyLabeled: number;
  ready: number;
  available: number;
}

/** `calculateStatus` from counts already taken (the controller's incremental path). */
export function replicaSetStatusFromCounts(rs: KObject, counts: ClaimedPodCounts, manageErr: Status | undefined, nowMs: number): ReplicaSetStatus {
  const cur = readStatus(rs);
  const { fullyLabeled, ready, available } = counts;
  let conditions = cur.conditions.map((c) => ({ ...c }));
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (manageErr && !failure) {
    const diff = counts.replicas - num(rs.spec?.replicas);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const cond: ReplicaSetCondition = { type: 'ReplicaFailure', status: 'True', lastTransitionTime: rfc3339(nowMs), reason, message: manageErr.message };
    if (!reason) delete cond.reason;
    conditions = [...conditions.filter((c) => c.type !== 'ReplicaFailure'), cond];
  } else if (!manageErr && failure) {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
  }
  const status: ReplicaSetStatus = { replicas: counts.replicas };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (cur.observedGeneration) status.observedGeneration = cur.observedGeneration;
  if (conditions.length > 0) status.conditions = conditions;
  return status;
}

/**
 * `updateReplicaSetStatus`'s test: nothing to write when the counts, the observed generation and
 * the conditions are unchanged. Otherwise the status to write, with observedGeneration set.
 */
export function statusToWrite(rs: KObject, next: ReplicaSetStatus): ReplicaSetStatus | undefined {
  const cur = readStatus(rs);
  const generation = rs.metadata.generation ?? 0;
  if (
    cur.replicas === next.replicas &&
    cur.fullyLabeledReplicas === num(next.fullyLabeledReplicas) &&
    cur.readyReplicas === num(next.readyReplicas) &&
    cur.availableReplicas === num(next.availableReplicas) &&
    generation === cur.observedGeneration &&
    jsonEqual(cur.conditions, next.conditions ?? [])
  ) {
    return undefined;
  }
  const out: ReplicaSetStatus = { ...next };
  if (generation) out.observedGeneration = generation;
  else delete out.observedGeneration;
  return out;
}
