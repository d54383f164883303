// Deployment status (pkg/controller/deployment/sync.go calculateStatus / syncDeploymentStatus,
// progress.go syncRolloutStatus): the counts over the ReplicaSets, the Available and Progressing
// conditions, the progress deadline requeue, paused/resumed conditions; and the write itself.

import { jsonEqual } from '../api/meta';
import { isStatus, type KObject, type Status } from '../api/types';
import type { ComponentHost } from '../host';
import * as u from './deployment.util';

export const DEPLOYMENT_CONTROLLER = 'deployment-controller';

/** A failed API call ends the sync; the controller retries with back-off. */
export class SyncError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
  }
}

export interface SyncContext {
  host: ComponentHost;
  /** Delay before the Deployment must be looked at again (progress deadline), ms. */
  requeueAfterMs?: number;
}

export function must<T extends KObject>(r: T | Status): T {
  if (isStatus(r)) throw new SyncError(r);
  return r;
}

export function recordEvent(ctx: SyncContext, d: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
  ctx.host.events.record(d, type, reason, message, { component: DEPLOYMENT_CONTROLLER });
}

/** Drops the zero counts the Go type leaves out (`omitempty`); collisionCount is a pointer and stays. */
export function cleanStatus(s: u.DeploymentStatus | undefined): u.DeploymentStatus {
  const out: u.DeploymentStatus = {};
  if (!s) return out;
  // Field by field in the Go type's order (the key order of the written status); runs four
  // times per Deployment status write, so no per-call key list.
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  if (s.replicas) out.replicas = s.replicas;
  if (s.updatedReplicas) out.updatedReplicas = s.updatedReplicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas) out.availableReplicas = s.availableReplicas;
  if (s.unavailableReplicas) out.unavailableReplicas = s.unavailableReplicas;
  if (typeof s.collisionCount === 'number') out.collisionCount = s.collisionCount;
  if (s.conditions?.length) out.conditions = s.conditions;
  return out;
}

/**
 * UpdateStatus of the Deployment. The Deployment's status strategy resets only spec and labels,
 * so annotations sent with a status update persist: that is how the controller writes the
 * revision annotation without bumping the generation.
 */
export function updateDeploymentStatus(ctx: SyncContext, d: KObject): void {
  const latest = must(ctx.host.api.update({ ...d, status: cleanStatus(d.status) }, { subresource: 'status' }));
  d.metadata.resourceVersion = latest.metadata.resourceVersion;
  d.metadata.generation = latest.metadata.generation;
}

/** `calculateStatus`: counts over the RSs and the Available condition. */
export function calculateStatus(allRSs: (KObject | undefined)[], newRS: KObject | undefined, d: KObject, nowMs: number): u.DeploymentStatus {
  const available = u.availableReplicaCount(allRSs);
  const unavailable = Math.max(0, u.replicaCount(allRSs) - available);
  const status: u.DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: u.actualReplicaCount(allRSs),
    updatedReplicas: u.actualReplicaCount([newRS]),
    readyReplicas: u.readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: unavailable,
  };
  if (typeof d.status?.collisionCount === 'number') status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c: u.DeploymentCondition) => ({ ...c }));
  // setDeploymentCondition keeps a condition of the same status and reason: most syncs find it
  // there already, and need no new condition (nor its timestamps) to learn that.
  const cur = u.getDeploymentCondition(status, 'Available');
  if (available >= u.specReplicas(d) - u.maxUnavailable(d)) {
    if (!cur || cur.status !== 'True' || cur.reason !== u.MINIMUM_REPLICAS_AVAILABLE) {
      u.setDeploymentCondition(status, u.newDeploymentCondition('Available', 'True', u.MINIMUM_REPLICAS_AVAILABLE, 'Deployment has minimum availability.', nowMs));
    }
  } else if (!cur || cur.status !== 'False' || cur.reason !== u.MINIMUM_REPLICAS_UNAVAILABLE) {
    u.setDeploymentCondition(status, u.newDeploymentCondition('Available', 'False', u.MINIMUM_REPLICAS_UNAVAILABLE, 'Deployment does not have minimum availability.', nowMs));
  }
  return status;
}

function writeStatusIfChanged(ctx: SyncContext, d: KObject, next: u.DeploymentStatus): boolean {
  if (jsonEqual(cleanStatus(d.status), cleanStatus(next))) return false;
  d.status = cleanStatus(next);
  updateDeploymentStatus(ctx, d);
  return true;
}

/** `syncDeploymentStatus`: paused and scaling syncs write the counts only. */
export function syncDeploymentStatus(ctx: SyncContext, allRSs: (KObject | undefined)[], newRS: KObject | undefined, d: KObject): void {
  writeStatusIfChanged(ctx, d, calculateStatus(allRSs, newRS, d, ctx.host.now()));
}

/** `syncRolloutStatus`: the counts plus the Progressing condition and ReplicaFailure. */
export function syncRolloutStatus(ctx: SyncContext, allRSs: (KObject | undefined)[], newRS: KObject | undefined, d: KObject): void {
  const now = ctx.host.now();
  const next = calculateStatus(allRSs, newRS, d, now);
  if (!u.hasProgressDeadline(d)) u.removeDeploymentCondition(next, 'Progressing');
  const current = u.getDeploymentCondition(d.status, 'Progressing');
  const isCompleteDeployment = (next.replicas ?? 0) === (next.updatedReplicas ?? 0) && current?.reason === u.NEW_RS_AVAILABLE_REASON;
  if (u.hasProgressDeadline(d) && !isCompleteDeployment) {
    const rsName = newRS?.metadata.name;
    if (u.deploymentComplete(d, next)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
      u.setDeploymentCondition(next, u.newDeploymentCondition('Progressing', 'True', u.NEW_RS_AVAILABLE_REASON, msg, now));
    } else if (u.deploymentProgressing(d, next)) {
      const msg = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      const cond = u.newDeploymentCondition('Progressing', 'True', u.REPLICA_SET_UPDATED_REASON, msg, now);
      if (current) {
        if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
        u.removeDeploymentCondition(next, 'Progressing');
      }
      u.setDeploymentCondition(next, cond);
    } else if (u.deploymentTimedOut(d, next, now)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      u.setDeploymentCondition(next, u.newDeploymentCondition('Progressing', 'False', u.TIMED_OUT_REASON, msg, now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) u.setDeploymentCondition(next, failure);
  else u.removeDeploymentCondition(next, 'ReplicaFailure');
  if (!writeStatusIfChanged(ctx, d, next)) requeueStuckDeployment(ctx, d, next);
}

/**
 * `getReplicaFailures`' first condition: the new RS's ReplicaFailure condition, else an old
 * one's (in `allRSs` order). Runs every roll-out sync: plain loops, no per-call closures.
 */
function replicaFailure(allRSs: (KObject | undefined)[], newRS: KObject | undefined): u.DeploymentCondition | undefined {
  const fromNew = firstReplicaFailure(newRS);
  if (fromNew) return fromNew;
  for (let i = 0; i < allRSs.length; i++) {
    const f = firstReplicaFailure(allRSs[i]);
    if (f) return f;
  }
  return undefined;
}

function firstReplicaFailure(rs: KObject | undefined): u.DeploymentCondition | undefined {
  const conds = rs?.status?.conditions as u.DeploymentCondition[] | undefined;
  if (!Array.isArray(conds)) return undefined;
  for (let i = 0; i < conds.length; i++) {
    const c = conds[i]!;
    if (c.type === 'ReplicaFailure') {
      return { type: c.type, status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message };
    }
  }
  return undefined;
}

/** `requeueStuckDeployment`: look again when the progress deadline passes (a second after, as upstream). */
function requeueStuckDeployment(ctx: SyncContext, d: KObject, next: u.DeploymentStatus): void {
  const current = u.getDeploymentCondition(d.status, 'Progressing');
  if (!u.hasProgressDeadline(d) || !current) return;
  if (u.deploymentComplete(d, next) || current.reason === u.TIMED_OUT_REASON) return;
  const from = Date.parse(current.lastUpdateTime ?? '');
  if (Number.isNaN(from)) return;
  const after = from + d.spec.progressDeadlineSeconds * 1000 - ctx.host.now();
  // Under a second left: upstream polls (rate-limited) until the deadline has passed.
  const delay = after < 1000 ? Math.max(after, 0) + 1 : after + 1000;
  ctx.requeueAfterMs = ctx.requeueAfterMs === undefined ? delay : Math.min(ctx.requeueAfterMs, delay);
}

/** `checkPausedConditions`: Progressing Unknown DeploymentPaused / DeploymentResumed. */
export function checkPausedConditions(ctx: SyncContext, d: KObject): void {
  if (!u.hasProgressDeadline(d)) return;
  const cond = u.getDeploymentCondition(d.status, 'Progressing');
  if (cond?.reason === u.TIMED_OUT_REASON) return;
  const pausedCondExists = cond?.reason === u.PAUSED_DEPLOY_REASON;
  const now = ctx.host.now();
  d.status ??= {};
  if (d.spec.paused && !pausedCondExists) {
    u.setDeploymentCondition(d.status, u.newDeploymentCondition('Progressing', 'Unknown', u.PAUSED_DEPLOY_REASON, 'Deployment is paused', now));
  } else if (!d.spec.paused && pausedCondExists) {
    u.setDeploymentCondition(d.status, u.newDeploymentCondition('Progressing', 'Unknown', u.RESUMED_DEPLOY_REASON, 'Deployment is resumed', now));
  } else return;
  updateDeploymentStatus(ctx, d);
}
