// Deployment sync steps shared by every strategy (pkg/controller/deployment/sync.go): finding or
// creating the new ReplicaSet, scaling ReplicaSets with `ScalingReplicaSet` events, proportional
// scaling, history clean-up; the paused / scaling / deleting syncs.

import type { KindInfo } from '../api/kinds';
import { clone, newControllerRef } from '../api/meta';
import { isStatus, type KObject } from '../api/types';
import * as u from './deployment.util';
import { computeHash, POD_TEMPLATE_HASH_LABEL } from './util/hash';
import { must, recordEvent, syncDeploymentStatus, SyncError, updateDeploymentStatus, type SyncContext } from './deployment.status';

function updateReplicaSet(ctx: SyncContext, rs: KObject): KObject {
  return must(ctx.host.api.update(rs));
}

export interface ReplicaSets {
  newRS?: KObject;
  oldRSs: KObject[];
}

const info = (ctx: SyncContext, kind: string): KindInfo => ctx.host.kinds.byKind(kind)!;

/** `getAllReplicaSetsAndSyncRevision`: the new RS (created when asked) with its revision synced, and the old ones. */
export function getAllReplicaSetsAndSyncRevision(ctx: SyncContext, d: KObject, rsList: KObject[], createIfNotExisted: boolean): ReplicaSets {
  const oldRSs = u.findOldReplicaSets(d, rsList);
  const newRS = getNewReplicaSet(ctx, d, rsList, oldRSs, createIfNotExisted);
  return { newRS, oldRSs };
}

/** `<deployment>-<hash>`, the Deployment name cut so the whole fits in 253 characters. */
export function replicaSetName(deploymentName: string, hash: string): string {
  const max = 253 - hash.length - 1;
  return `${deploymentName.length > max ? deploymentName.slice(0, max) : deploymentName}-${hash}`;
}

/** `getNewReplicaSet`. Updates `rsList` in place when it writes an existing RS. */
export function getNewReplicaSet(ctx: SyncContext, d: KObject, rsList: KObject[], oldRSs: KObject[], createIfNotExisted: boolean): KObject | undefined {
  const now = ctx.host.now();
  const existing = u.findNewReplicaSet(d, rsList);
  const newRevision = String(u.maxRevision(oldRSs) + 1);
  if (existing) {
    // Only the annotations change here; the full copy is made when there is something to write.
    const rsCopy: KObject = { ...existing, metadata: { ...existing.metadata, annotations: { ...(existing.metadata.annotations ?? {}) } } };
    const annotationsUpdated = u.setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
    const minReady = d.spec.minReadySeconds ?? 0;
    if (annotationsUpdated || (existing.spec?.minReadySeconds ?? 0) !== minReady) {
      rsCopy.spec = clone(existing.spec);
      if (minReady) rsCopy.spec.minReadySeconds = minReady;
      else delete rsCopy.spec.minReadySeconds;
      const updated = updateReplicaSet(ctx, rsCopy);
      rsList[rsList.indexOf(existing)] = updated;
      return updated;
    }
    let needsUpdate = u.setDeploymentRevision(d, rsCopy.metadata.annotations?.[u.REVISION_ANNOTATION] ?? '');
    if (u.hasProgressDeadline(d) && !u.getDeploymentCondition(d.status, 'Progressing')) {
      d.status ??= {};
      u.setDeploymentCondition(d.status, u.newDeploymentCondition('Progressing', 'True', u.FOUND_NEW_RS_REASON, `Found new replica set "${rsCopy.metadata.name}"`, now));
      needsUpdate = true;
    }
    if (needsUpdate) updateDeploymentStatus(ctx, d);
    return existing;
  }
  if (!createIfNotExisted) return undefined;

  const template = clone(d.spec.template ?? {});
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata ??= {};
  template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const selector = clone(d.spec.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const newRS: KObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: replicaSetName(d.metadata.name!, hash),
      namespace: d.metadata.namespace,
      ownerReferences: [newControllerRef(d)],
      labels: { ...template.metadata.labels },
    },
    spec: { replicas: 0, selector, template },
  };
  if (d.spec.minReadySeconds) newRS.spec.minReadySeconds = d.spec.minReadySeconds;
  const newReplicasCount = u.newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec.replicas = newReplicasCount;
  u.setNewReplicaSetAnnotations(d, newRS, newRevision, false);

  let alreadyExists = false;
  let createdRS: KObject;
  const r = ctx.host.api.create(newRS);
  if (isStatus(r) && r.reason === 'AlreadyExists') {
    alreadyExists = true;
    const found = ctx.host.store.get('apps/ReplicaSet', d.metadata.namespace, newRS.metadata.name!);
    if (!found) throw new SyncError(r);
    const ref = found.metadata.ownerReferences?.find((o) => o.controller);
    if (!(ref && ref.uid === d.metadata.uid && u.equalIgnoreHash(d.spec.template, found.spec?.template))) {
      // A hash collision: bump collisionCount so the next sync computes another name.
      d.status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
      updateDeploymentStatus(ctx, d);
      throw new SyncError(r);
    }
    createdRS = found;
  } else if (isStatus(r)) {
    const msg = `Failed to create new replica set "${newRS.metadata.name}": ${r.message}`;
    if (u.hasProgressDeadline(d)) {
      d.status ??= {};
      u.setDeploymentCondition(d.status, u.newDeploymentCondition('Progressing', 'False', u.FAILED_RS_CREATE_REASON, msg, now));
      try {
        updateDeploymentStatus(ctx, d);
      } catch {
        // The bigger problem is reported below.
      }
    }
    recordEvent(ctx, d, 'Warning', u.FAILED_RS_CREATE_REASON, msg);
    throw new SyncError(r);
  } else {
    createdRS = r;
  }
  if (!alreadyExists && newReplicasCount > 0) {
    recordEvent(ctx, d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${createdRS.metadata.name} from 0 to ${newReplicasCount}`);
  }
  let needsUpdate = u.setDeploymentRevision(d, newRevision);
  if (!alreadyExists && u.hasProgressDeadline(d)) {
    d.status ??= {};
    u.setDeploymentCondition(d.status, u.newDeploymentCondition('Progressing', 'True', u.NEW_REPLICA_SET_REASON, `Created new replica set "${createdRS.metadata.name}"`, now));
    needsUpdate = true;
  }
  if (needsUpdate) updateDeploymentStatus(ctx, d);
  return createdRS;
}

/** `scaleReplicaSetAndRecordEvent`. */
export function scaleReplicaSetAndRecordEvent(ctx: SyncContext, rs: KObject, newScale: number, d: KObject): { scaled: boolean; rs: KObject } {
  if (u.specReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(ctx, rs, newScale, d, u.specReplicas(rs) < newScale ? 'up' : 'down');
}

/** `scaleReplicaSet`: sets spec.replicas and the replica annotations; `ScalingReplicaSet` when the size changed. */
export function scaleReplicaSet(ctx: SyncContext, rs: KObject, newScale: number, d: KObject, operation: string): { scaled: boolean; rs: KObject } {
  const sizeNeedsUpdate = u.specReplicas(rs) !== newScale;
  const desired = u.specReplicas(d);
  const max = desired + u.maxSurge(d);
  if (!sizeNeedsUpdate && !u.replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const oldScale = u.specReplicas(rs);
  const copy = clone(rs);
  copy.spec.replicas = newScale;
  u.setReplicasAnnotations(copy, desired, max);
  const updated = updateReplicaSet(ctx, copy);
  if (sizeNeedsUpdate) recordEvent(ctx, d, 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${updated.metadata.name} from ${oldScale} to ${newScale}`);
  return { scaled: sizeNeedsUpdate, rs: updated };
}

/** `scale`: a replicas change mid-rollout is spread over the active RSs in proportion to their size. */
export function scale(ctx: SyncContext, d: KObject, newRS: KObject | undefined, oldRSs: KObject[]): void {
  const activeOrLatest = u.findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (u.specReplicas(activeOrLatest) !== u.specReplicas(d)) scaleReplicaSetAndRecordEvent(ctx, activeOrLatest, u.specReplicas(d), d);
    return;
  }
  if (u.isSaturated(d, newRS)) {
    for (const old of u.filterActiveReplicaSets(oldRSs)) scaleReplicaSetAndRecordEvent(ctx, old, 0, d);
    return;
  }
  if (!u.isRollingUpdate(d)) return;
  const allRSs = u.filterActiveReplicaSets([...oldRSs, newRS]);
  const allowedSize = u.specReplicas(d) > 0 ? u.specReplicas(d) + u.maxSurge(d) : 0;
  const toAdd = allowedSize - u.replicaCount(allRSs);
  let operation = '';
  if (toAdd > 0) {
    allRSs.sort(u.bySizeNewer);
    operation = 'up';
  } else if (toAdd < 0) {
    allRSs.sort(u.bySizeOlder);
    operation = 'down';
  }
  let added = 0;
  const sizes = new Map<string, number>();
  for (const rs of allRSs) {
    if (toAdd !== 0) {
      const proportion = u.replicaSetProportion(rs, d, toAdd, added);
      sizes.set(rs.metadata.name!, u.specReplicas(rs) + proportion);
      added += proportion;
    } else sizes.set(rs.metadata.name!, u.specReplicas(rs));
  }
  allRSs.forEach((rs, i) => {
    if (i === 0 && toAdd !== 0) sizes.set(rs.metadata.name!, Math.max(0, sizes.get(rs.metadata.name!)! + toAdd - added));
    scaleReplicaSet(ctx, rs, sizes.get(rs.metadata.name!)!, d, operation);
  });
}

/** `cleanupDeployment`: deletes the oldest scaled-down RSs beyond revisionHistoryLimit. */
export function cleanupDeployment(ctx: SyncContext, oldRSs: KObject[], d: KObject): void {
  if (!u.hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - d.spec.revisionHistoryLimit;
  if (diff <= 0) return;
  cleanable.sort(u.byRevision);
  for (const rs of cleanable.slice(0, diff)) {
    if ((rs.status?.replicas ?? 0) !== 0 || u.specReplicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    const r = ctx.host.api.delete(info(ctx, 'ReplicaSet'), rs.metadata.namespace, rs.metadata.name!);
    if (isStatus(r) && r.code !== 404) throw new SyncError(r);
  }
}

/** `sync`: for paused Deployments and scaling events — scale proportionally, no rollout. */
export function syncScaling(ctx: SyncContext, d: KObject, rsList: KObject[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  scale(ctx, d, newRS, oldRSs);
  if (d.spec.paused) cleanupDeployment(ctx, oldRSs, d);
  syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
}

/** `isScalingEvent`: an active RS's desired-replicas annotation differs from spec.replicas. */
export function isScalingEvent(ctx: SyncContext, d: KObject, rsList: KObject[]): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  for (const rs of u.filterActiveReplicaSets([...oldRSs, newRS])) {
    const desired = u.desiredReplicasAnnotation(rs);
    if (desired !== undefined && desired !== u.specReplicas(d)) return true;
  }
  return false;
}

/** `syncStatusOnly`: a Deployment being deleted only gets its status written. */
export function syncStatusOnly(ctx: SyncContext, d: KObject, rsList: KObject[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
}
