// The two rollout strategies (pkg/controller/deployment/rolling.go, recreate.go). Each sync
// takes one step — scale the new RS up, or else scale old RSs down — then writes the status.

import { controllerOf } from '../api/meta';
import type { KObject } from '../api/types';
import * as u from './deployment.util';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent } from './deployment.sync';
import { syncRolloutStatus, type SyncContext } from './deployment.status';

/** `rolloutRolling`. */
export function rolloutRolling(ctx: SyncContext, d: KObject, rsList: KObject[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true);
  const allRSs = [...oldRSs, newRS];
  if (newRS && reconcileNewReplicaSet(ctx, allRSs, newRS, d)) return syncRolloutStatus(ctx, allRSs, newRS, d);
  if (newRS && reconcileOldReplicaSets(ctx, allRSs, u.filterActiveReplicaSets(oldRSs), newRS, d)) return syncRolloutStatus(ctx, allRSs, newRS, d);
  if (u.deploymentComplete(d, d.status ?? {})) cleanupDeployment(ctx, oldRSs, d);
  syncRolloutStatus(ctx, allRSs, newRS, d);
}

/** `reconcileNewReplicaSet`: scale the new RS down to spec.replicas, or up as far as maxSurge allows. */
export function reconcileNewReplicaSet(ctx: SyncContext, allRSs: (KObject | undefined)[], newRS: KObject, d: KObject): boolean {
  const replicas = u.specReplicas(d);
  if (u.specReplicas(newRS) === replicas) return false;
  if (u.specReplicas(newRS) > replicas) return scaleReplicaSetAndRecordEvent(ctx, newRS, replicas, d).scaled;
  return scaleReplicaSetAndRecordEvent(ctx, newRS, u.newRSNewReplicas(d, allRSs, newRS), d).scaled;
}

/**
 * `reconcileOldReplicaSets`: scale old RSs down as far as maxUnavailable allows, unhealthy
 * replicas first. `maxScaledDown = allPods − minAvailable − newRSUnavailable`.
 */
export function reconcileOldReplicaSets(ctx: SyncContext, allRSs: (KObject | undefined)[], oldRSs: KObject[], newRS: KObject, d: KObject): boolean {
  if (u.replicaCount(oldRSs) === 0) return false;
  const allPods = u.replicaCount(allRSs);
  const minAvailable = u.specReplicas(d) - u.maxUnavailable(d);
  const newRSUnavailable = u.specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(ctx, oldRSs, d, maxScaledDown);
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(ctx, [...cleaned.oldRSs, newRS], cleaned.oldRSs, d);
  return cleaned.scaledDown + scaledDown > 0;
}

/** `cleanupUnhealthyReplicas`: oldest RS first, remove up to `spec − available` replicas each. */
export function cleanupUnhealthyReplicas(ctx: SyncContext, oldRSs: KObject[], d: KObject, maxCleanupCount: number): { oldRSs: KObject[]; scaledDown: number } {
  const sorted = [...oldRSs].sort(u.byCreationTimestamp);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (total >= maxCleanupCount) break;
    const rs = sorted[i];
    const replicas = u.specReplicas(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxCleanupCount - total, replicas - available);
    sorted[i] = scaleReplicaSetAndRecordEvent(ctx, rs, replicas - count, d).rs;
    total += count;
  }
  return { oldRSs: sorted, scaledDown: total };
}

/** `scaleDownOldReplicaSetsForRollingUpdate`: `totalAvailable − minAvailable` more, oldest RS first. */
export function scaleDownOldReplicaSetsForRollingUpdate(ctx: SyncContext, allRSs: (KObject | undefined)[], oldRSs: KObject[], d: KObject): number {
  const minAvailable = u.specReplicas(d) - u.maxUnavailable(d);
  const available = u.availableReplicaCount(allRSs);
  if (available <= minAvailable) return 0;
  const toScaleDown = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(u.byCreationTimestamp)) {
    if (total >= toScaleDown) break;
    if (u.specReplicas(rs) === 0) continue;
    const count = Math.min(u.specReplicas(rs), toScaleDown - total);
    scaleReplicaSetAndRecordEvent(ctx, rs, u.specReplicas(rs) - count, d);
    total += count;
  }
  return total;
}

/** `rolloutRecreate`: old RSs to 0, wait for their pods to stop, then the new RS to spec.replicas. */
export function rolloutRecreate(ctx: SyncContext, d: KObject, rsList: KObject[], podMap: Map<string, KObject[]>): void {
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  let allRSs = [...oldRSs, newRS];
  const activeOld = u.filterActiveReplicaSets(oldRSs);
  let scaledDown = false;
  for (const rs of activeOld) if (scaleReplicaSetAndRecordEvent(ctx, rs, 0, d).scaled) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(ctx, allRSs, newRS, d);
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(ctx, allRSs, newRS, d);
  if (!newRS) {
    ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  if (newRS) scaleReplicaSetAndRecordEvent(ctx, newRS, u.specReplicas(d), d);
  if (u.deploymentComplete(d, d.status ?? {})) cleanupDeployment(ctx, oldRSs, d);
  syncRolloutStatus(ctx, allRSs, newRS, d);
}

/** `oldPodsRunning`: old RSs still report pods, or a pod of an old RS is not terminal. */
export function oldPodsRunning(newRS: KObject | undefined, oldRSs: KObject[], podMap: Map<string, KObject[]>): boolean {
  if (u.actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase !== 'Failed' && phase !== 'Succeeded') return true;
    }
  }
  return false;
}

/** `getPodMapForDeployment`: pods the selector finds, grouped by the uid of their RS (RSs in rsList only). */
export function podMapForDeployment(d: KObject, rsList: KObject[], pods: readonly KObject[], matches: (p: KObject) => boolean): Map<string, KObject[]> {
  const map = new Map<string, KObject[]>(rsList.map((rs) => [rs.metadata.uid!, []]));
  for (const pod of pods) {
    if (!matches(pod)) continue;
    const ref = controllerOf(pod);
    if (ref && map.has(ref.uid)) map.get(ref.uid)!.push(pod);
  }
  void d;
  return map;
}
